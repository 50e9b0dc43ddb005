#!/usr/bin/env bash
# A private single-node Slurm cluster on this machine, without systemd, for the campaign tool's
# tests and for trying `cell-free-campaign submit` locally.
#
#   eval "$(bash utils/slurm-local.sh up)"    # starts munged, slurmctld, slurmd; prints exports
#   sbatch ... / squeue / cell-free-campaign submit ...
#   bash utils/slurm-local.sh down            # stops them (by their kept PIDs), removes the state
#
# Everything (configuration, munge key and socket, state, spool, logs, PIDs) lives under
# $SLURM_LOCAL_DIR (default /tmp/cell-free-slurm-$UID); its own munge socket and free ports keep it
# apart from any system Slurm. Needs root (slurmd launches the jobs) and the Debian packages
# slurmctld slurmd slurm-client munge. Exit code 3: those are not installed.
set -euo pipefail
dir="${SLURM_LOCAL_DIR:-/tmp/cell-free-slurm-$(id -u)}"
timeout_s="${SLURM_LOCAL_TIMEOUT:-30}"

log() { echo "slurm-local: $*" >&2; }

# alive PID: running and not a zombie (a container's PID 1 may never reap the orphans).
alive() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }

stop_pid() { # stop_pid FILE: TERM the daemon named in FILE, KILL it if still there after 5 s
  local file="$1" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if [ -n "$pid" ] && alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

down() {
  [ -d "$dir" ] || return 0
  # Jobs still running are children of slurmd's slurmstepd: cancel them before slurmd goes.
  if [ -f "$dir/pids/slurmctld" ] && [ -f "$dir/slurm.conf" ]; then
    SLURM_CONF="$dir/slurm.conf" timeout 5 scancel --quiet --full --user="$(id -un)" 2>/dev/null || true
  fi
  stop_pid "$dir/pids/slurmd"
  stop_pid "$dir/pids/slurmctld"
  stop_pid "$dir/pids/munged"
  rm -rf "$dir"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() { # start NAME COMMAND...: run COMMAND in the background in its own session, keep its PID
  local name="$1"; shift
  setsid "$@" </dev/null >"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/pids/$name"
}

# wait_for WHAT COMMAND...: poll COMMAND every 0.2 s, at most $timeout_s seconds.
wait_for() {
  local what="$1"; shift
  local deadline=$((SECONDS + timeout_s))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      log "timed out after ${timeout_s}s waiting for $what; logs in $dir/log:"
      tail -n 5 "$dir"/log/* >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

node_idle() { [ "$(sinfo --noheader --format=%t 2>/dev/null | head -n1)" = idle ]; }

up() {
  for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo scancel; do
    command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin"
    command -v "$tool" >/dev/null || { log "'$tool' not found: install slurmctld slurmd slurm-client munge"; exit 3; }
  done
  [ "$(id -u)" -eq 0 ] || { log "must run as root (slurmd starts the jobs)"; exit 1; }
  if [ -f "$dir/pids/slurmd" ] && alive "$(cat "$dir/pids/slurmd")"; then
    log "already up in $dir"
    echo "export SLURM_CONF='$dir/slurm.conf'"
    return 0
  fi
  down
  # A failure half-way leaves nothing behind.
  trap 'status=$?; [ $status -eq 0 ] || down; exit $status' EXIT
  mkdir -p "$dir"/{munge,state,spool,log,pids}
  chmod 755 "$dir"
  chown munge:munge "$dir/munge"
  chmod 700 "$dir/munge"

  # munged as user munge, with its own key and socket.
  runuser -u munge -- mungekey --create --keyfile="$dir/munge/munge.key" >/dev/null
  start munged setpriv --reuid=munge --regid=munge --init-groups munged --foreground --force \
    --key-file="$dir/munge/munge.key" --socket="$dir/munge/socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
    --seed-file="$dir/munge/munged.seed"
  wait_for munged test -S "$dir/munge/socket"

  local host node
  host="$(hostname -s)"
  node="$(slurmd -C | head -n1)"
  cat >"$dir/slurm.conf" <<EOF
ClusterName=cellfree
# Loopback addresses: no name resolution needed (a container may not resolve its own name).
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/pids/slurmctld.pid
SlurmdPidFile=$dir/pids/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# No systemd and no cgroup delegation here: track processes by their parent, bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=30
KillWait=5
$node State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  sed -i "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/" "$dir/slurm.conf"
  export SLURM_CONF="$dir/slurm.conf"

  start slurmctld slurmctld -D -i -f "$SLURM_CONF"
  wait_for slurmctld scontrol ping
  start slurmd slurmd -D -f "$SLURM_CONF"
  wait_for "the node to be idle" node_idle
  log "up in $dir (node $host)"
  echo "export SLURM_CONF='$SLURM_CONF'"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down   (state under \$SLURM_LOCAL_DIR, default $dir)" >&2; exit 2 ;;
esac
