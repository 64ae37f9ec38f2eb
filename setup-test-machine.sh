#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian machine (run as root; safe to run again):
#   apt: python3-ase (the reference reader of results.db), quantum-espresso (the real pw.x), python3-distributed (Dask,
#        the benchmark's rival), chromium (loads the report page; the dashboard's browser tests drive it through Playwright), fontconfig + fonts-dejavu-core (the report's
#        figures), jupyter-nbconvert + python3-nbclient (execute notebooks/uat-c6.ipynb), slurm-wlm + munge (a real
#        single-node Slurm cluster on loopback for the slurm executor's tests);
#   NuGet tool: Microsoft.dotnet-interactive (the notebook's C# kernel);
#   services: munged, slurmctld and slurmd, started as daemons (no systemd needed), with /etc/slurm/slurm.conf
#   written from this machine's hostname and CPU count.
# About 3-5 minutes on a fresh machine (mostly apt), a few seconds when everything is already there.
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "setup-test-machine: $*"; }
fail() { echo "setup-test-machine: $*" >&2; exit 1; }

packages="python3-ase quantum-espresso quantum-espresso-data python3-distributed chromium fontconfig fonts-dejavu-core jupyter-nbconvert python3-nbclient slurm-wlm munge"
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done | xargs)
if [ -n "$missing" ]; then
  say "installing with apt-get: $missing"
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq $missing >/dev/null || fail "apt-get install $missing failed"
fi

# The notebook's C# kernel (.NET Interactive, a NuGet tool). Without jupyter-kernelspec it installs its kernel
# specs straight into the user's kernels folder, which must exist.
export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v dotnet-interactive >/dev/null 2>&1; then
  say "installing the dotnet tool Microsoft.dotnet-interactive 1.0.712001"
  dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001 >/dev/null || fail "dotnet tool install Microsoft.dotnet-interactive failed"
fi
if [ ! -f "$HOME/.local/share/jupyter/kernels/.net-csharp/kernel.json" ]; then
  say "installing the .NET Interactive jupyter kernel"
  mkdir -p "$HOME/.local/share/jupyter/kernels"
  dotnet interactive jupyter install >/dev/null || fail "dotnet interactive jupyter install failed"
fi

# A single-node Slurm cluster on loopback: slurmctld and slurmd as root, no accounting database. Like many production
# clusters it enforces memory (memory is consumable, 1 GiB per CPU by default; a step over its --mem is killed by the
# accounting poller, OverMemoryKill, as no cgroups are needed for that) and has a preemptible partition: jobs in
# "urgent" (a higher PriorityTier) cancel jobs in "debug" as PREEMPTED, so the tests see both as on a real cluster.
host=$(hostname -s)
node_line=$(slurmd -C 2>/dev/null | head -n 1)
[ -n "$node_line" ] || node_line="NodeName=$host CPUs=$(nproc)"
conf=$(cat <<EOF
# Written by setup-test-machine.sh: a single-node test cluster on loopback.
ClusterName=autopipe-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
DefMemPerCPU=1024
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill
JobCompType=jobcomp/none
MinJobAge=600
KillWait=5
PreemptType=preempt/partition_prio
PreemptMode=CANCEL
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP PriorityTier=1
PartitionName=urgent Nodes=$host MaxTime=INFINITE State=UP PriorityTier=2
EOF
)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
if [ "$(cat /etc/slurm/slurm.conf 2>/dev/null)" != "$conf" ]; then
  say "writing /etc/slurm/slurm.conf for node $host"
  printf '%s\n' "$conf" > /etc/slurm/slurm.conf
  restart=1
else
  restart=0
fi

if [ ! -s /etc/munge/munge.key ]; then
  say "creating the munge key"
  mkdir -p /etc/munge
  mungekey --create --keyfile=/etc/munge/munge.key || fail "mungekey --create failed"
fi
chown -R munge:munge /etc/munge && chmod 0700 /etc/munge && chmod 0400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! pgrep -x munged >/dev/null; then
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged || fail "munged did not start (see /var/log/munge/munged.log)"
fi

if [ "$restart" -eq 1 ]; then
  for daemon in slurmctld slurmd; do
    if pid=$(pgrep -x "$daemon"); then
      say "stopping $daemon (configuration changed)"
      kill $pid
      for _ in $(seq 50); do pgrep -x "$daemon" >/dev/null || break; sleep 0.2; done
    fi
  done
fi
if ! pgrep -x slurmctld >/dev/null; then
  say "starting slurmctld"
  /usr/sbin/slurmctld || fail "slurmctld did not start (see /var/log/slurm/slurmctld.log)"
fi
if ! pgrep -x slurmd >/dev/null; then
  say "starting slurmd"
  /usr/sbin/slurmd || fail "slurmd did not start (see /var/log/slurm/slurmd.log)"
fi

# Bounded wait until the node takes jobs.
for _ in $(seq 60); do
  state=$(sinfo --noheader --nodes="$host" --format=%t 2>/dev/null | head -n 1)
  case "$state" in
    idle|mix|alloc) say "Slurm is up: node $host is $state"; exit 0 ;;
    drain*|down*) scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 ;;
  esac
  sleep 1
done
fail "Slurm node $host did not become idle within 60 s (state: ${state:-none}); see /var/log/slurm/"
