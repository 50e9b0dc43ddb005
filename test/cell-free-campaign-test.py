#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""CTest checks of utils/cell-free-campaign on a tiny campaign of the main example.

    cell-free-campaign-test.py PROGRAM local   bad files, local pool (kill, resume), database, report
    cell-free-campaign-test.py PROGRAM slurm   the same campaign as Slurm job arrays ($SLURM_CONF up)

The database is checked row for row against each task's own files.
"""

import csv
import glob
import importlib.machinery
import importlib.util
import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, "utils", "cell-free-campaign")
PROGRAM = None  # set from the command line


def load_tool():
    sys.dont_write_bytecode = True  # no __pycache__ beside the tool in the source tree
    loader = importlib.machinery.SourceFileLoader("cell_free_campaign", TOOL)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def tool(*args, timeout=300, **kw):
    return subprocess.run([sys.executable, TOOL, *args], capture_output=True, text=True,
                          timeout=timeout, **kw)


def tiny_campaign(work, name="tiny", **changes):
    """2 arrival rates x 2 latency modes x 2 runs = 8 tasks of about a second each."""
    campaign = {
        "name": name,
        "program": PROGRAM,
        "fixed": {"algorithms": "gat,epa", "duration": 0.2, "numAps": 20, "poolSize": 10,
                  "perUe": False, "ns3::CellFreeCentralProcessor::NumAntennas": 2},
        "grid": {"arrivalRate": [10, 20], "latencyMode": ["Modelled", "Ideal"]},
        "runs": [1, 2],
        "outputs": {"summary": "results/cell-free-dynamic-summary.csv",
                    "intervals": "results/cell-free-dynamic-{algorithm}-intervals.csv"},
        "limits": {"time": 120, "memory": "1G"},
        "report": {"table": "summary", "metrics": ["mean_min_se"], "by": ["algorithm"],
                   "x": "arrivalRate"},
    }
    for key, value in changes.items():
        if value is None:
            campaign.pop(key, None)
        else:
            campaign[key] = value
    path = os.path.join(work, f"{name}.json")
    with open(path, "w") as f:
        json.dump(campaign, f)
    return path, os.path.join(work, "results", "campaigns", name)


def process_state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def freeze_running(cdir, exclude=(), timeout=60):
    """A running task's program stopped (SIGSTOP) mid-way, so that it cannot finish before the
    test kills it: (task id, program pid)."""
    deadline = time.monotonic() + timeout
    exclude = set(exclude)
    while time.monotonic() < deadline:
        for path in glob.glob(os.path.join(cdir, "tasks", "*", ".campaign", "running.json")):
            task = path.split(os.sep)[-3]
            if task in exclude:
                continue
            try:
                with open(path) as f:
                    info = json.load(f)
                os.kill(info["pid"], signal.SIGSTOP)
            except (OSError, ValueError, KeyError):
                continue
            time.sleep(0.05)
            if process_state(info["pid"]) == "T":
                return task, info["pid"]
            exclude.add(task)  # it had already ended
        time.sleep(0.01)
    raise AssertionError("no task could be caught running")


def wait_file(path, timeout=30):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not appear")
        time.sleep(0.01)


def read_status(cdir, task):
    with open(os.path.join(cdir, "tasks", task, ".campaign", "status.json")) as f:
        return json.load(f)


def same_cell(text, value):
    if text.strip() == "":
        return value is None
    if isinstance(value, (int, float)):
        return float(text) == float(value)
    return text.strip() == value


class DatabaseCheck:
    """Every task's row in `runs` and its output rows against the task's own files."""

    def check_database(self, cdir, backend):
        db = sqlite3.connect(os.path.join(cdir, "campaign.db"))
        db.row_factory = sqlite3.Row
        tasks = sorted(glob.glob(os.path.join(cdir, "tasks", "*", ".campaign", "task.json")))
        self.assertEqual(len(tasks), 8)
        self.assertEqual(db.execute("SELECT COUNT(*) FROM runs").fetchone()[0], 8)
        total = {"summary": 0, "intervals": 0}
        for path in tasks:
            with open(path) as f:
                task = json.load(f)
            tdir = os.path.dirname(os.path.dirname(path))
            status = read_status(cdir, task["id"])
            row = db.execute("SELECT * FROM runs WHERE task_id = ?", (task["id"],)).fetchone()
            self.assertEqual(row["status"], "done")
            self.assertEqual(row["exit_code"], status["exit_code"])
            self.assertEqual(row["wall_time_s"], status["wall_time_s"])
            self.assertEqual(row["backend"], backend)
            self.assertEqual(row["RngRun"], task["RngRun"])
            for name, value in task["params"].items():
                expected = ("true" if value else "false") if isinstance(value, bool) else value
                self.assertEqual(row[name], expected, name)
            # summary: one file; intervals: one per algorithm, the name's {algorithm} a column.
            files = [("summary", "results/cell-free-dynamic-summary.csv", {})]
            for alg in ("gat", "epa"):
                files.append(("intervals", f"results/cell-free-dynamic-{alg}-intervals.csv",
                              {"algorithm": alg}))
            for kind, rel, fields in files:
                with open(os.path.join(tdir, rel), newline="") as f:
                    lines = list(csv.reader(f))
                header, body = lines[0], [r for r in lines[1:] if r]
                cond = " AND ".join(f'"{k}" = ?' for k in fields)
                if kind == "intervals":
                    # the CSV has its own 'algorithm' column: the placeholder is not repeated
                    self.assertIn("algorithm", header)
                rows = db.execute(
                    f"SELECT * FROM {kind} WHERE task_id = ?" + (f" AND {cond}" if cond else "") +
                    " ORDER BY rowid", (task["id"], *fields.values())).fetchall()
                self.assertEqual(len(rows), len(body), f"{task['id']} {rel}")
                total[kind] += len(rows)
                for csv_row, db_row in zip(body, rows):
                    self.assertEqual(db_row["RngRun"], task["RngRun"])
                    for name in task["swept"]:
                        self.assertEqual(db_row[name], task["params"][name])
                    for name, text in zip(header, csv_row):
                        self.assertTrue(same_cell(text, db_row[name]),
                                        f"{task['id']} {rel} {name}: {text!r} vs {db_row[name]!r}")
        for kind, n in total.items():
            self.assertEqual(db.execute(f"SELECT COUNT(*) FROM {kind}").fetchone()[0], n)
        db.close()

    def dump(self, cdir):
        db = sqlite3.connect(os.path.join(cdir, "campaign.db"))
        out = {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"')))
               for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        db.close()
        return out


class BadCampaigns(unittest.TestCase):
    """A one-line error (exit 2) naming the problem before any task starts."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.work = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def expect_error(self, what, path, cdir, *extra, command="run"):
        for cmd in ([command] if command != "run" else ["run", "submit"]):
            p = tool(cmd, path, *extra, cwd=self.work)
            self.assertEqual(p.returncode, 2, f"{cmd}: {p.stderr}")
            lines = p.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, p.stderr)
            self.assertIn(what, lines[0])
            self.assertNotIn("Traceback", p.stderr)
            self.assertFalse(os.path.exists(os.path.join(cdir, "tasks")), "a task folder was made")

    def test_unknown_program(self):
        path, cdir = tiny_campaign(self.work, program="no-such-ns3-program")
        self.expect_error("unknown program 'no-such-ns3-program'", path, cdir)

    def test_parameter_not_accepted(self):
        fixed = {"duration": 0.1, "bogusFlag": 3}
        path, cdir = tiny_campaign(self.work, fixed=fixed)
        self.expect_error("does not accept --bogusFlag", path, cdir)

    def test_attribute_not_accepted(self):
        path, cdir = tiny_campaign(self.work, grid={"ns3::CellFreeCentralProcessor::NoSuchThing": [1, 2]})
        self.expect_error("ns3::CellFreeCentralProcessor::NoSuchThing", path, cdir)
        path, cdir = tiny_campaign(self.work, grid={"ns3::NoSuchType::Attribute": [1, 2]})
        self.expect_error("knows no TypeId ns3::NoSuchType", path, cdir)

    def test_empty_grid(self):
        path, cdir = tiny_campaign(self.work, grid={})
        self.expect_error("grid: empty", path, cdir)
        path, cdir = tiny_campaign(self.work, grid={"arrivalRate": []})
        self.expect_error("grid.arrivalRate: no values", path, cdir)
        path, cdir = tiny_campaign(self.work, grid={"arrivalRate": {"from": 5, "to": 1}})
        self.expect_error("grid.arrivalRate: no values", path, cdir)

    def test_duplicate_runs(self):
        path, cdir = tiny_campaign(self.work, runs=[1, 2, 1])
        self.expect_error("runs: RngRun 1 appears twice", path, cdir)
        path, cdir = tiny_campaign(self.work, grid={"arrivalRate": [10, 10]})
        self.expect_error("value 10 appears twice", path, cdir)

    def test_malformed_files(self):
        path = os.path.join(self.work, "broken.json")
        with open(path, "w") as f:
            f.write('{"program": ')
        cdir = os.path.join(self.work, "results", "campaigns", "broken")
        self.expect_error("not valid JSON", path, cdir)
        path = os.path.join(self.work, "broken.toml")
        with open(path, "w") as f:
            f.write('program = "x\n')
        self.expect_error("not valid TOML", path, cdir)
        path, cdir = tiny_campaign(self.work, runs=None)
        self.expect_error("runs: missing", path, cdir)
        path, cdir = tiny_campaign(self.work, fixed={"arrivalRate": 5})
        self.expect_error("both fixed and swept", path, cdir)
        path, cdir = tiny_campaign(self.work, fixed={"RngRun": 5})
        self.expect_error("reserved", path, cdir)
        path, cdir = tiny_campaign(self.work, fixed={"duration": [1, 2]})
        self.expect_error("fixed.duration", path, cdir)
        path, cdir = tiny_campaign(self.work, limits={"time": "soon"})
        self.expect_error("limits.time", path, cdir)

    def test_toml_campaign(self):
        path = os.path.join(self.work, "t.toml")
        with open(path, "w") as f:
            f.write(f'program = "{PROGRAM}"\nruns = 3\n[fixed]\nduration = 0.1\n'
                    '[grid]\narrivalRate = {from = 10, to = 30, step = 10}\n')
        p = tool("plan", path, cwd=self.work)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("3 configurations x 3 runs = 9 tasks", p.stdout)
        self.assertIn("--arrivalRate=30 --RngRun=3", p.stdout)


class StudentT(unittest.TestCase):
    def test_quantiles(self):
        t = load_tool()
        for df, expected in ((1, 12.706205), (2, 4.302653), (9, 2.262157), (30, 2.042272),
                             (200, 1.971896)):
            self.assertAlmostEqual(t.t_quantile(0.975, df), expected, places=5)
        mean, ci = t.mean_ci([1.0, 2.0, 3.0, 4.0])
        self.assertAlmostEqual(mean, 2.5)
        self.assertAlmostEqual(ci, 3.182446 * math.sqrt(5 / 3) / 2, places=5)


class LocalBackend(DatabaseCheck, unittest.TestCase):
    def test_kill_resume_collect_report(self):
        with tempfile.TemporaryDirectory() as work:
            path, cdir = tiny_campaign(work)
            # The tool in its own session, so that the whole of it can be killed like a crash.
            proc = subprocess.Popen([sys.executable, TOOL, "run", path, "--jobs", "2"], cwd=work,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    start_new_session=True)
            killed_task, pid = freeze_running(cdir)
            os.kill(pid, signal.SIGKILL)  # one program dies mid-way: a failed task
            wait_file(os.path.join(cdir, "tasks", killed_task, ".campaign", "status.json"))
            crashed_task, _ = freeze_running(cdir, exclude={killed_task})
            os.killpg(proc.pid, signal.SIGKILL)  # then the tool itself, with what it runs
            proc.communicate(timeout=60)
            status = read_status(cdir, killed_task)
            self.assertEqual(status["exit_code"], -9)
            self.assertEqual(status["signal"], "SIGKILL")
            self.assertFalse(os.path.exists(os.path.join(cdir, "tasks", crashed_task, ".campaign", "status.json")))

            p = tool("status", path, cwd=work)
            self.assertEqual(p.returncode, 1)
            self.assertIn("1 failed", p.stdout)
            self.assertIn(f"failed {killed_task}", p.stdout)
            p = tool("collect", path, cwd=work)
            self.assertEqual(p.returncode, 0, p.stderr)
            db = sqlite3.connect(os.path.join(cdir, "campaign.db"))
            states = dict(db.execute("SELECT task_id, status FROM runs"))
            self.assertEqual(states[killed_task], "failed")
            self.assertIn(states[crashed_task], ("missing", "running"))
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'summary'").fetchone():
                self.assertEqual(db.execute("SELECT COUNT(*) FROM summary WHERE task_id IN (?, ?)",
                                            (killed_task, crashed_task)).fetchone()[0], 0)
            db.close()

            before = {}
            for st in glob.glob(os.path.join(cdir, "tasks", "*", ".campaign", "status.json")):
                with open(st) as f:
                    before[st.split(os.sep)[-3]] = f.read()
            done_before = {t for t, text in before.items() if json.loads(text)["exit_code"] == 0}
            p = tool("run", path, "--jobs", "2", cwd=work)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn(f"8 tasks ({len(done_before)} already done), {8 - len(done_before)} to run", p.stderr)
            self.assertIn("8/8 done, 0 running, 0 failed", p.stderr)
            for task in done_before:  # skipped, not rerun
                with open(os.path.join(cdir, "tasks", task, ".campaign", "status.json")) as f:
                    self.assertEqual(f.read(), before[task])
            self.assertEqual(read_status(cdir, killed_task)["exit_code"], 0)
            self.assertEqual(read_status(cdir, crashed_task)["exit_code"], 0)

            p = tool("collect", path, cwd=work)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.check_database(cdir, "local")
            first = self.dump(cdir)
            p = tool("collect", path, cwd=work)
            self.assertIn("0 (re)collected", p.stdout)
            self.assertEqual(self.dump(cdir), first, "a second collect changed the database")

            p = tool("report", path, cwd=work)
            self.assertEqual(p.returncode, 0, p.stderr)
            lines = p.stdout.strip().splitlines()
            self.assertEqual(len(lines), 1 + 4 * 2, p.stdout)  # 4 configurations x 2 algorithms
            self.assertIn("mean_min_se (mean ± 95% CI)", lines[0])
            # One mean and interval recomputed from the files themselves.
            values = []
            for task in glob.glob(os.path.join(cdir, "tasks", "*", ".campaign", "task.json")):
                with open(task) as f:
                    info = json.load(f)
                if info["params"]["arrivalRate"] == 20 and info["params"]["latencyMode"] == "Ideal":
                    with open(os.path.join(os.path.dirname(os.path.dirname(task)),
                                           "results/cell-free-dynamic-summary.csv")) as f:
                        values += [float(r["mean_min_se"]) for r in csv.DictReader(f) if r["algorithm"] == "gat"]
            self.assertEqual(len(values), 2)
            mean = sum(values) / 2
            ci = 12.706205 * abs(values[0] - values[1]) / math.sqrt(2) / math.sqrt(2)
            p = tool("report", path, "--format=csv", "--where", "latencyMode=Ideal", cwd=work)
            self.assertEqual(p.returncode, 0, p.stderr)
            row = [r for r in csv.DictReader(p.stdout.splitlines())
                   if r["arrivalRate"] == "20" and r["algorithm"] == "gat"]
            self.assertEqual(len(row), 1, p.stdout)
            self.assertAlmostEqual(float(row[0]["mean_min_se_mean"]), mean, places=9)
            self.assertAlmostEqual(float(row[0]["mean_min_se_ci95"]), ci, places=5)
            if subprocess.run(["sh", "-c", "command -v gnuplot"], capture_output=True).returncode == 0:
                png = os.path.join(cdir, "report-summary-mean_min_se.png")
                with open(png, "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            p = tool("report", path, "--metric", "no_such_column", cwd=work)
            self.assertEqual(p.returncode, 2)
            self.assertIn("'no_such_column' is not a column of table 'summary'", p.stderr)
            # Nothing written outside the task folders but the tool's own files.
            for entry in os.listdir(os.path.join(cdir, "tasks", killed_task)):
                self.assertIn(entry, (".campaign", "results"))


class SlurmBackend(DatabaseCheck, unittest.TestCase):
    """Against a running Slurm ($SLURM_CONF, e.g. from utils/slurm-local.sh up)."""

    def test_submit_fail_resubmit_collect(self):
        with tempfile.TemporaryDirectory(dir=os.environ.get("CAMPAIGN_SHARED_TMP")) as work:
            path, cdir = tiny_campaign(work, name="tiny-slurm")
            p = tool("submit", path, "--max-concurrent", "2", cwd=work)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("with 8 tasks", p.stdout)
            script = glob.glob(os.path.join(cdir, "slurm", "array-*.sh"))[0]
            with open(script) as f:
                text = f.read()
            for line in ("#SBATCH --array=0-7%2", "#SBATCH --time=0:02:00", "#SBATCH --mem=1G"):
                self.assertIn(line, text)
            p = tool("submit", path, cwd=work)  # while the array runs: nothing new to submit
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("nothing to submit", p.stdout)
            # Slurm may take a while to start the first element on a loaded machine.
            killed_task, pid = freeze_running(cdir, timeout=240)
            os.kill(pid, signal.SIGKILL)  # a task's program dies on the node: the task fails
            p = tool("status", path, "--wait", "--timeout", "120", cwd=work)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn("7 done, 1 failed", p.stdout)
            status = read_status(cdir, killed_task)
            self.assertEqual(status["signal"], "SIGKILL")
            self.assertEqual(status["backend"], "slurm")

            # Resubmission: only the failed task, in an array of one.
            p = tool("submit", path, "--wait", "--timeout", "120", cwd=work)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertIn("with 1 tasks; 7 done", p.stdout)
            listings = sorted(glob.glob(os.path.join(cdir, "slurm", "array-*.tasks")))
            self.assertEqual(len(listings), 2)
            with open(listings[-1]) as f:
                self.assertEqual(f.read().split(), [killed_task])
            self.assertEqual(read_status(cdir, killed_task)["exit_code"], 0)
            p = tool("status", path, cwd=work)
            self.assertEqual(p.returncode, 0, p.stdout)
            self.assertIn("8 tasks: 8 done", p.stdout)
            p = tool("submit", path, cwd=work)
            self.assertIn("nothing to submit (8 done", p.stdout)
            self.check_database(cdir, "slurm")
            db = sqlite3.connect(os.path.join(cdir, "campaign.db"))
            jobs = {j for (j,) in db.execute("SELECT job FROM runs")}
            self.assertTrue(all(j and "_" in j for j in jobs), jobs)
            db.close()


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[2] not in ("local", "slurm"):
        sys.exit("usage: cell-free-campaign-test.py PROGRAM local|slurm [unittest args]")
    PROGRAM = os.path.abspath(sys.argv[1])
    suite = ["BadCampaigns", "StudentT", "LocalBackend"] if sys.argv[2] == "local" else ["SlurmBackend"]
    unittest.main(argv=[sys.argv[0], "-v", *suite, *sys.argv[3:]])
