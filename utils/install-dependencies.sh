#!/usr/bin/env bash
# Install the Debian 12 packages the module builds with; a no-op when all are present.
set -euo pipefail

packages=(
  cmake g++ make
  libns3-dev ns3                            # ns-3 3.37; 'ns3' holds helper binaries its CMake package references
  libgsl-dev libsqlite3-dev libxml2-dev     # needed to link against Debian's ns-3
  python3-dev                               # ns-3's CMake targets name /usr/include/python3.11
  libeigen3-dev libboost-dev nlohmann-json3-dev
  libbenchmark-dev
  gnuplot-nox                               # renders the examples' plots (PNG)
)
# A private single-node Slurm for the campaign tool's test (utils/slurm-local.sh); optional:
# where it cannot be installed, that test is skipped.
optional=(slurmctld slurmd slurm-client munge)

# LibTorch only for the GAT's trainer; CELL_FREE_WITH_TORCH=0 leaves it out (see README).
if [ "${CELL_FREE_WITH_TORCH:-1}" != 0 ]; then
  packages+=(libtorch-dev         # LibTorch 1.13 (CPU) for the GAT's trainer
             libopenblas0-openmp) # fast BLAS for LibTorch (the reference BLAS is ~10x slower)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
missing_optional=()
for package in "${optional[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing_optional+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]} ${missing_optional[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    [ ${#missing[@]} -eq 0 ] && { echo "warning: not root: ${missing_optional[*]} not installed (the Slurm test is skipped)" >&2; exit 0; }
    echo "error: run as root (or install sudo) to install ${missing[*]}" >&2; exit 1
  fi
  sudo="sudo"
fi
$sudo apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ${#missing_optional[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing_optional[@]}" ||
    echo "warning: could not install ${missing_optional[*]} (the Slurm test is skipped)" >&2
fi
