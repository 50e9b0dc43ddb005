#!/usr/bin/env bash
# CTest check of `cell-free-campaign submit` against a real single-node Slurm, brought up by
# utils/slurm-local.sh for this test only and torn down on exit. Exit 77 (CTest: skipped) only
# when Slurm is not installed and cannot be (utils/install-dependencies.sh installs it) or this
# is not root; any other problem fails.
set -uo pipefail
program="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PATH="$PATH:/usr/sbin"

for tool in munged slurmctld slurmd sbatch; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: Slurm is not installed ('$tool' missing; utils/install-dependencies.sh installs slurmctld slurmd slurm-client munge)"
    exit 77
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: a private Slurm needs root (slurmd starts the jobs)"
  exit 77
fi

export SLURM_LOCAL_DIR
SLURM_LOCAL_DIR="$(mktemp -d /tmp/cell-free-slurm-test.XXXXXX)"
trap 'bash "$root/utils/slurm-local.sh" down' EXIT
env_line="$(bash "$root/utils/slurm-local.sh" up)" || { echo "FAIL: Slurm did not come up"; exit 1; }
eval "$env_line"
python3 "$root/test/cell-free-campaign-test.py" "$program" slurm
