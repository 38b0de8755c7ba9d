#!/usr/bin/env bash
# Builds the Dockerfile's image with podman and runs it, end to end, the way the README's docker lines do, then
# compares its JSON reports with the CLI's from this checkout (timings aside):
#   1. probe --bundle on a mounted workspace (-v "$PWD:/work") against a local openssl s_server;
#   2. probe a URL through an HTTP proxy (tinyproxy, HTTPS_PROXY passed with -e), when tinyproxy is installed.
# Needs root, podman and runc (apt-get install podman runc), openssl, and node 20 on PATH (`npm run build` done).
#
# Without Docker Hub (BASE=local, the default) the Dockerfile's base, node:20-bookworm-slim, is made here: Debian
# bookworm from debootstrap (deb.debian.org or $DEBIAN_MIRROR) with this machine's node and npm in /usr/local and the
# user node (uid 1000), as the official image lays them out; it is passed as --build-arg BASE. BASE=pull builds
# FROM the public image instead. Behind a TLS-inspecting proxy, NPM_CA (default $NODE_EXTRA_CA_CERTS) is the CA
# bundle npm ci trusts (a build secret: it is not in the image).
#
# Storage: CHECK_CONTAINER_DIR (default: a new temporary folder, removed at the end; a folder you name is kept, so a
# second run reuses the base and the layer cache). The machine's own podman storage is not touched.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE:-local}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NPM_CA=${NPM_CA:-${NODE_EXTRA_CA_CERTS:-}}
IMAGE=apigee-tls-lint
LOCAL_BASE=localhost/apigee-tls-lint-base:bookworm-node20

if [[ -n ${CHECK_CONTAINER_DIR:-} ]]; then
  work=$CHECK_CONTAINER_DIR keep=1
  mkdir -p "$work"
else
  work=$(mktemp -d /tmp/check-container-XXXXXX) keep=0
fi
pids=()
podman_() { podman --root "$work/storage" --runroot "$work/run" "$@"; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ $keep == 0 ]]; then
    podman_ rmi -a -f >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT
log() { printf '[check-container] %s\n' "$*" >&2; }
seconds() { echo $(($(date +%s) - $1)); }

for tool in podman runc openssl node; do
  command -v "$tool" >/dev/null || { log "needs $tool (apt-get install podman runc openssl; node 20)"; exit 2; }
done
[[ -f $repo/dist/cli.js ]] || { log 'run `npm run build` first (the CLI side of the comparison)'; exit 2; }

# This sandbox-friendly run: runc (crun refuses hybrid cgroup v1/v2 hosts), and limits no higher than this shell's
# (a container without CAP_SYS_RESOURCE cannot raise them to podman's defaults).
run_flags=(--rm --network host --ulimit "nofile=$(ulimit -Sn):$(ulimit -Hn)" --ulimit nproc=4096:4096)
podman_run() { podman_ --runtime runc run "${run_flags[@]}" "$@"; }

# 1. The base image.
base_arg=(--pull=missing)
[[ $BASE == local || $BASE == pull ]] || { log "BASE is local or pull, not '$BASE'"; exit 2; }
if [[ $BASE == local ]]; then
  if ! podman_ image exists "$LOCAL_BASE"; then
    command -v debootstrap >/dev/null || { log 'needs debootstrap (apt-get install debootstrap)'; exit 2; }
    [[ $(node --version) == v20.* ]] || log "warning: node $(node --version) goes into the base (node:20-bookworm-slim has node 20)"
    started=$(date +%s)
    rootfs=$work/rootfs
    log "debootstrap bookworm from $DEBIAN_MIRROR"
    debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 ||
      { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    npm_dir=$(npm root -g)/npm
    mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules"
    cp "$(command -v node)" "$rootfs/usr/local/bin/node"
    cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
    chroot "$rootfs" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | podman_ import --quiet --change 'CMD ["node"]' - "$LOCAL_BASE" >/dev/null
    rm -rf "$rootfs"
    log "base image $LOCAL_BASE made in $(seconds "$started") s"
  fi
  base_arg=(--pull=never --build-arg "BASE=$LOCAL_BASE")
fi

# 2. The image, from the repository's Dockerfile.
secret=()
[[ -n $NPM_CA && -f $NPM_CA ]] && secret=(--secret "id=npm-ca,src=$NPM_CA")
started=$(date +%s)
log 'podman build (isolation chroot)'
podman_ build --isolation chroot --network host "${base_arg[@]}" "${secret[@]}" -t "$IMAGE" "$repo" >"$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log" >&2; exit 1; }
build_s=$(seconds "$started")
size=$(podman_ image inspect "$IMAGE" --format '{{.Size}}')
log "image $IMAGE built in $build_s s, $((size / 1000000)) MB"

# 3. A backend (openssl s_server, its own CA) and a workspace naming it, mounted as the README's line mounts $PWD.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
ws=$work/workspace
mkdir -p "$ws/apiproxies/orders/apiproxy/targets"
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=check-container-ca -keyout "$work/ca.key" -out "$ws/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=backend.test -keyout "$work/backend.key" -out "$work/backend.csr" 2>/dev/null
openssl x509 -req -in "$work/backend.csr" -CA "$ws/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 365 \
  -extfile <(printf 'subjectAltName=DNS:backend.test') -out "$work/backend.pem" 2>/dev/null
chmod -R a+rX "$ws"
port=$(free_port)
openssl s_server -quiet -www -accept "127.0.0.1:$port" -cert "$work/backend.pem" -key "$work/backend.key" >/dev/null 2>&1 &
pids+=($!)
printf '<project/>\n' >"$ws/pom.xml"
cat >"$ws/apiproxies/orders/apiproxy/targets/default.xml" <<XML
<TargetEndpoint name="default">
  <HTTPTargetConnection>
    <SSLInfo>
      <Enabled>true</Enabled>
    </SSLInfo>
    <URL>https://backend.test:$port/orders</URL>
  </HTTPTargetConnection>
</TargetEndpoint>
XML
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

# The same report from the image and from this checkout, timings and the run's date aside.
same() {
  node -e '
    const strip = (k, v) => (k === "elapsedMs" || k === "takenAt" ? undefined : v);
    const [a, b] = process.argv.slice(1).map((f) => JSON.stringify(JSON.parse(require("fs").readFileSync(f, "utf8")), strip));
    if (a !== b) { console.error("the image and the CLI disagree:\n" + a + "\n" + b); process.exit(1); }' "$1" "$2"
}
args=(probe --bundle apiproxies/orders --ca ca.pem --resolve "backend.test:$port:127.0.0.1" --format json)
started=$(date +%s%N)
status=0
podman_run -v "$ws:/work:ro" "$IMAGE" "${args[@]}" >"$work/image.json" || status=$?
run_ms=$((($(date +%s%N) - started) / 1000000))
(cd "$ws" && node "$repo/bin/apigee-tls-lint" "${args[@]}" >"$work/cli.json") || true
same "$work/image.json" "$work/cli.json"
verdicts=$(grep -o '"ok": *\(true\|false\)' "$work/image.json" | tr -d ' ' | paste -sd' ')
log "probe --bundle in the image: exit $status ($verdicts), the same JSON as the CLI ($run_ms ms with podman run)"

# 4. Through an HTTP proxy, as from a corporate network: HTTPS_PROXY passed into the container.
if command -v tinyproxy >/dev/null; then
  pport=$(free_port)
  printf 'Port %s\nListen 127.0.0.1\nAllow 127.0.0.1\nLogLevel Info\n' "$pport" >"$work/tinyproxy.conf"
  tinyproxy -d -c "$work/tinyproxy.conf" >"$work/tinyproxy.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$pport") 2>/dev/null && break; sleep 0.1; done
  url_args=(probe "https://127.0.0.1:$port" --ca ca.pem --format json)
  podman_run -v "$ws:/work:ro" -e "HTTPS_PROXY=http://127.0.0.1:$pport" "$IMAGE" "${url_args[@]}" >"$work/image-proxy.json" || true
  (cd "$ws" && HTTPS_PROXY="http://127.0.0.1:$pport" node "$repo/bin/apigee-tls-lint" "${url_args[@]}" >"$work/cli-proxy.json") || true
  same "$work/image-proxy.json" "$work/cli-proxy.json"
  grep -q '"proxy": "http://127.0.0.1:'"$pport"'"' "$work/image-proxy.json" || { log 'the image did not go through the proxy'; exit 1; }
  log "probe through tinyproxy (HTTPS_PROXY) in the image: the same JSON as the CLI, via http://127.0.0.1:$pport"
else
  log 'tinyproxy not installed: the proxied run skipped'
fi
log "OK: image $((size / 1000000)) MB, built in $build_s s"
