"""The recap's picture of what the learner built, drawn from the code location's own Definitions (not by hand):
each asset with its partitions, grouped as in the Dagster UI, its dependencies, and the jobs and schedules."""

import dagster as dg
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

COLUMN_ORDER = ("raw_files", "ingested", "metrics")


def partitions_label(partitions_def) -> str:
    """'monthly, 12 partitions', 'weekly, 52 partitions' or 'not partitioned'."""
    if partitions_def is None:
        return "not partitioned"
    keys = partitions_def.get_partition_keys()
    grain = {"0 0 1 * *": "monthly", "0 0 * * 0": "weekly"}.get(getattr(partitions_def, "cron_schedule", ""), "")
    return f"{grain + ', ' if grain else ''}{len(keys)} partitions"


def definitions_summary(defs: dg.Definitions) -> dict:
    """What the code location holds: assets (group, partitions, upstream), jobs (assets), schedules (cron, job)."""
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "partitions": partitions_label(node.partitions_def),
            "upstream": sorted(parent.to_user_string() for parent in node.parent_keys),
        }
    jobs = {}
    for job in defs.resolve_all_job_defs():
        if job.name.startswith("__"):
            continue  # Dagster's implicit job of all assets
        jobs[job.name] = sorted(node.name for node in job.graph.node_defs)
    resolved = [defs.resolve_schedule_def(s.name) for s in defs.schedules or []]
    schedules = {s.name: (s.cron_schedule, s.job_name) for s in resolved}
    return {"assets": assets, "jobs": jobs, "schedules": schedules}


def draw_definitions(defs: dg.Definitions) -> None:
    """Assets in their groups (left to right), arrows for dependencies; jobs and schedules listed underneath."""
    summary = definitions_summary(defs)
    columns = {group: [name for name, a in summary["assets"].items() if a["group"] == group] for group in COLUMN_ORDER}
    place = {}
    fig, ax = plt.subplots(figsize=(11, 5.6))
    for x, (group, names) in enumerate(columns.items()):
        ax.text(x * 3.6 + 1.3, 4.55, group, ha="center", fontsize=10, fontweight="bold", color="#57606a")
        for y, name in enumerate(names):
            left, bottom = x * 3.6, 3.6 - y * 1.2
            place[name] = (left, bottom)
            ax.add_patch(
                FancyBboxPatch((left, bottom), 2.6, 0.75, boxstyle="round,pad=0.05", fc="#f6f8fa", ec="#57606a")
            )
            ax.text(left + 1.3, bottom + 0.48, name, ha="center", fontsize=9.5, family="monospace")
            ax.text(
                left + 1.3,
                bottom + 0.17,
                summary["assets"][name]["partitions"],
                ha="center",
                fontsize=8.5,
                color="#0072b2",
            )
    for name, asset in summary["assets"].items():
        for parent in asset["upstream"]:
            if parent in place and name in place:
                (px, py), (cx, cy) = place[parent], place[name]
                ax.annotate(
                    "",
                    xy=(cx - 0.05, cy + 0.37),
                    xytext=(px + 2.65, py + 0.37),
                    arrowprops={"arrowstyle": "->", "color": "#57606a"},
                )
    lines = [f"job {name}: {', '.join(assets)}" for name, assets in summary["jobs"].items()]
    lines += [f"schedule {name}: '{cron}' runs {job}" for name, (cron, job) in summary["schedules"].items()]
    ax.text(0, -0.35, "\n".join(lines), fontsize=8.5, family="monospace", va="top")
    ax.set_xlim(-0.2, 10.4)
    ax.set_ylim(-0.5 - 0.3 * len(lines), 4.9)
    ax.axis("off")
    ax.set_title("What you built: the code location course_lib.definitions", fontsize=11)
    fig.tight_layout()
