#!/usr/bin/env bash
# Real HTTP/1.1 servers ("peers") on loopback, for probing h1ref's conformance suite against servers
# nobody here wrote.
#
#   scripts/peers.sh start  NAME|all   install what is missing (apt-get), start, wait until it answers
#   scripts/peers.sh stop   NAME|all   stop by the recorded PID (its whole process group)
#   scripts/peers.sh status NAME|all   name, port, pid, state, and the status a GET / gets
#   scripts/peers.sh list              "name port echo fields" lines, for the probe
#   scripts/peers.sh version NAME|all  name and the version of the server it runs
#
# Port table (H1REF_PEERS_BASE_PORT, default 18080, plus a fixed offset), and what `list` prints:
#
#   name             port   what answers                                       echo  echo fields
#   node-http        18081  node:http echo (peers/node-echo.mjs)               yes   method,target,version,headers,trailers,body
#   nginx            18082  nginx, return 200 "ok\n"                           no    -
#   apache2          18083  apache2 event MPM, mod_lua echo (apache2-echo.lua)  no    method,target,version
#   lighttpd         18084  lighttpd, mod_magnet echo (lighttpd-echo.lua)       no    method,target,version,body
#   haproxy          18085  haproxy mode http → haproxy-backend                 no    method,target,body (as forwarded)
#   gunicorn         18086  gunicorn gthread worker, WSGI echo (wsgi_echo.py)   no    method,target,version,body
#   uvicorn          18087  uvicorn --http h11, ASGI echo (asgi_echo.py)        no    method,target,version,body
#   waitress         18088  waitress, WSGI echo (wsgi_echo.py)                  no    method,target,version,body
#   haproxy-backend  18089  h1ref serve (dist/src/cli/main.js; node-echo.mjs when h1ref is not built),
#                           started and stopped with haproxy; not in `list`
#
# `list` prints "name port echo fields": echo is yes when the answer is h1ref's echo JSON and every field
# of it is the peer's own interpretation; the partial echoes answer with the same JSON shape, but their
# app interface loses some fields (merged or lowercased headers, no trailers, ...), so only the listed
# fields can be compared ("-": none). See scripts/peers/README.md.
#
# Everything listens on 127.0.0.1 only (checked after start). Each peer runs in its own session and
# process group with its config, logs and temp files in $STATE/NAME; stop signals that group by its
# recorded PID (SIGTERM, then SIGKILL after 10 s). Never systemctl, never a kill by process name.
#
# Environment:
#   H1REF_PEERS_STATE       state folder (default ${XDG_RUNTIME_DIR:-/tmp}/h1ref-peers)
#   H1REF_PEERS_BASE_PORT   port base (default 18080)
#   H1REF_PEERS_NO_INSTALL  1: never run apt-get; peers whose packages are missing are skipped
#   H1REF_PEERS_PROXY_PROTOCOL  v1 or v2: haproxy sends a PROXY header to its h1ref backend, which reads it
#                           (h1ref serve --proxy-protocol); needs h1ref built. Off by default.
set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FILES="$ROOT/scripts/peers"
STATE=${H1REF_PEERS_STATE:-${XDG_RUNTIME_DIR:-/tmp}/h1ref-peers}
BASE=${H1REF_PEERS_BASE_PORT:-18080}
PY=/usr/bin/python3 # Debian's python3: the python3-* packages install for it, not for another python3 on PATH
PEERS=(node-http nginx apache2 lighttpd haproxy gunicorn uvicorn waitress)
APT_UPDATED=0

die() { echo "peers: $*" >&2; exit 2; }
say() { echo "peers: $*"; }

case "$BASE" in '' | *[!0-9]*) die "H1REF_PEERS_BASE_PORT must be a number" ;; esac
((BASE >= 1024 && BASE <= 65526)) || die "H1REF_PEERS_BASE_PORT must be in 1024..65526 (the ports are BASE+1..BASE+9)"

is_peer() {
  local p
  for p in "${PEERS[@]}" haproxy-backend; do [[ $p == "$1" ]] && return 0; done
  return 1
}

port_of() {
  case $1 in
    node-http) echo $((BASE + 1)) ;;
    nginx) echo $((BASE + 2)) ;;
    apache2) echo $((BASE + 3)) ;;
    lighttpd) echo $((BASE + 4)) ;;
    haproxy) echo $((BASE + 5)) ;;
    gunicorn) echo $((BASE + 6)) ;;
    uvicorn) echo $((BASE + 7)) ;;
    waitress) echo $((BASE + 8)) ;;
    haproxy-backend) echo $((BASE + 9)) ;;
  esac
}

echo_of() { [[ $1 == node-http ]] && echo yes || echo no; }

# The echo fields that show the peer's own interpretation, comma-separated; "-" for none.
fields_of() {
  case $1 in
    node-http) echo method,target,version,headers,trailers,body ;;
    nginx) echo - ;;
    apache2) echo method,target,version ;;             # body only for POST/PUT; headers merged
    lighttpd) echo method,target,version,body ;;       # headers merged
    haproxy) echo method,target,body ;;                # as forwarded to the backend
    gunicorn | waitress) echo method,target,version,body ;; # WSGI merges headers
    uvicorn) echo method,target,version,body ;;        # ASGI lowercases names
  esac
}

packages_of() {
  case $1 in
    nginx) echo nginx ;;
    apache2) echo apache2 ;; # mod_lua ships in apache2-bin
    lighttpd) echo lighttpd lighttpd-modules-lua ;;
    haproxy) echo haproxy ;;
    gunicorn) echo python3-gunicorn ;;
    uvicorn) echo python3-uvicorn ;;
    waitress) echo python3-waitress ;;
    *) echo ;;
  esac
}

# Whether what the peer runs is on the machine (files, not package names: any package providing them will do).
installed() {
  case $1 in
    node-http | haproxy-backend) command -v node >/dev/null ;;
    nginx) [[ -x /usr/sbin/nginx ]] ;;
    apache2) [[ -x /usr/sbin/apache2 && -f /usr/lib/apache2/modules/mod_lua.so && -f /usr/lib/apache2/modules/mod_mpm_event.so ]] ;;
    lighttpd) [[ -x /usr/sbin/lighttpd && -f /usr/lib/lighttpd/mod_magnet.so ]] ;;
    haproxy) [[ -x /usr/sbin/haproxy ]] && command -v node >/dev/null ;;
    gunicorn) [[ -x $PY ]] && "$PY" -c 'import gunicorn' 2>/dev/null ;;
    uvicorn) [[ -x $PY ]] && "$PY" -c 'import uvicorn, h11' 2>/dev/null ;;
    waitress) [[ -x $PY ]] && "$PY" -c 'import waitress' 2>/dev/null ;;
  esac
}

# apt-get install, once `apt-get update` has run (once per invocation). Package postinst scripts would
# start the distribution's own service (nginx and apache2 on *:80): where no policy-rc.d forbids that, one
# is put in place for the install and removed after.
apt_install() {
  local policy=/usr/sbin/policy-rc.d made=0 rc
  if [[ ${H1REF_PEERS_NO_INSTALL:-0} == 1 ]]; then say "H1REF_PEERS_NO_INSTALL=1: not installing $*"; return 1; fi
  if [[ $(id -u) != 0 ]]; then say "not root: cannot apt-get install $*"; return 1; fi
  command -v apt-get >/dev/null || { say "no apt-get: cannot install $*"; return 1; }
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# put here by h1ref scripts/peers.sh for one apt-get install\nexit 101\n' >"$policy" && chmod 755 "$policy" && made=1
  fi
  if ((APT_UPDATED == 0)); then
    say "apt-get update"
    apt-get update -qq >&2 || say "apt-get update failed"
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
  rc=$?
  ((made)) && rm -f "$policy"
  return $rc
}

ensure_installed() {
  local name=$1 pkgs
  installed "$name" && return 0
  pkgs=$(packages_of "$name")
  if [[ -z $pkgs ]]; then say "$name needs node on PATH"; return 1; fi
  # shellcheck disable=SC2086
  apt_install $pkgs || true
  installed "$name"
}

version_of() {
  case $1 in
    node-http) node -p '`node:http ${process.versions.node}, llhttp ${process.versions.llhttp}`' ;;
    nginx) /usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //' ;;
    apache2) /usr/sbin/apache2 -v | sed -n 's/^Server version: //p' ;;
    lighttpd) /usr/sbin/lighttpd -v | sed 's/ - .*//' ;;
    haproxy) /usr/sbin/haproxy -v | head -1 | awk '{print "haproxy/" $3}' ;;
    gunicorn) "$PY" -c 'import gunicorn; print("gunicorn/" + gunicorn.__version__)' ;;
    uvicorn) "$PY" -c 'import uvicorn, h11; print("uvicorn/" + uvicorn.__version__ + ", h11/" + h11.__version__)' ;;
    waitress) "$PY" -c 'from importlib.metadata import version; print("waitress/" + version("waitress"))' ;;
    haproxy-backend) backend_kind ;;
  esac 2>/dev/null
}

# --- processes ---------------------------------------------------------------------------------------

# The pid file holds "PID STARTTIME": the start time (field 22 of /proc/PID/stat) tells our process from a
# later one that got the same PID.
start_time() { [[ -r /proc/$1/stat ]] && sed 's/^.*) //' "/proc/$1/stat" | awk '{print $20}'; }

pid_of() {
  local file="$STATE/$1/pid" pid started
  [[ -f $file ]] || return 1
  read -r pid started <"$file" || return 1
  [[ -n $pid && $(start_time "$pid") == "$started" ]] || return 1
  echo "$pid"
}

# A process group started here: alive while any member is, zombies aside (an exited server stays a zombie
# until whatever adopted it reaps it, and kill -0 still finds it).
group_alive() {
  kill -0 -- "-$1" 2>/dev/null || return 1
  command -v ps >/dev/null || return 0
  ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ {found = 1} END {exit !found}'
}

# The recorded PID when its process is gone but members of its group are not (workers of a master that
# died): Linux does not hand out a PID that is still some group's ID, so the group is still ours.
orphaned_group() {
  local file="$STATE/$1/pid" pid started
  [[ -f $file ]] || return 1
  read -r pid started <"$file" || return 1
  [[ -n $pid && ! -e /proc/$pid ]] && group_alive "$pid" && echo "$pid"
}

group_pids() { ps -eo pid=,pgid= | awk -v g="$1" '$2 == g {print $1}'; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The status code a GET / gets, or "none".
get_status() {
  local port=$1 code proxy=()
  # haproxy's backend reading PROXY headers answers nothing without one: curl sends a v1 header (the backend takes
  # either version).
  [[ $port == "$(port_of haproxy-backend)" && ${H1REF_PEERS_PROXY_PROTOCOL:-off} != off ]] && proxy=(--haproxy-protocol)
  if command -v curl >/dev/null; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "${proxy[@]}" "http://127.0.0.1:$port/" 2>/dev/null)
  else
    code=$(node -e '
      const req = require("node:http").get({ host: "127.0.0.1", port: +process.argv[1], path: "/", timeout: 3000 },
        (res) => { res.resume(); console.log(res.statusCode); });
      req.on("timeout", () => req.destroy()); req.on("error", () => console.log("000"));' "$port" 2>/dev/null)
  fi
  [[ -n $code && $code != 000 ]] && echo "$code" || echo none
}

# Runs "$@" in a new session (so in its own process group, with no terminal), output to $dir/log.
# In a non-interactive bash a background child is not a group leader, so setsid(1) execs without forking
# and $! is the server's own PID.
launch() {
  local name=$1 dir=$2
  shift 2
  (cd "$dir" && exec setsid "$@" >"$dir/log" 2>&1 </dev/null) &
  local pid=$!
  local started=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    started=$(start_time "$pid") && [[ -n $started ]] && break
    sleep 0.05
  done
  echo "$pid $started" >"$dir/pid"
}

# Waits until the peer answers on its port (any HTTP status), at most $3 seconds.
wait_ready() {
  local name=$1 port=$2 limit=$3 pid i
  pid=$(pid_of "$name") || return 1
  for ((i = 0; i < limit * 10; i++)); do
    group_alive "$pid" || return 1
    if port_open "$port" && [[ $(get_status "$port") != none ]]; then return 0; fi
    sleep 0.1
  done
  return 1
}

# Every listening TCP socket of the peer's processes is on 127.0.0.1.
check_loopback() {
  local name=$1 pid bad="" p
  pid=$(pid_of "$name") || return 0
  command -v ss >/dev/null || return 0
  local pids
  pids=$(group_pids "$pid")
  for p in $pids; do
    bad+=$(ss -H -ltnp 2>/dev/null | awk -v p="pid=$p," 'index($0, p) && $4 !~ /^127\.0\.0\.1:/ {print " " $4}')
  done
  if [[ -n $bad ]]; then
    say "$name listens beyond 127.0.0.1:$bad; stopping it"
    return 1
  fi
}

stop_one() {
  local name=$1 dir="$STATE/$1" pid
  if ! pid=$(pid_of "$name") && ! pid=$(orphaned_group "$name"); then
    rm -f "$dir/pid"
    if [[ -f $dir/www.tmp ]]; then rm -rf -- "$(cat "$dir/www.tmp")"; rm -f "$dir/www.tmp"; fi
    say "$name not running"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  local i
  for ((i = 0; i < 100; i++)); do
    group_alive "$pid" || break
    sleep 0.1
  done
  if group_alive "$pid"; then
    say "$name (pid $pid) still running after 10 s: SIGKILL to its process group"
    kill -KILL -- "-$pid" 2>/dev/null
    sleep 0.2
  fi
  rm -f "$dir/pid"
  if [[ -f $dir/www.tmp ]]; then rm -rf -- "$(cat "$dir/www.tmp")"; rm -f "$dir/www.tmp"; fi
  say "stopped $name (pid $pid)"
}

# --- per-peer configuration and command lines -------------------------------------------------------

fill() { # fill TEMPLATE OUT KEY=VALUE...
  local template=$1 out=$2 kv script=""
  shift 2
  for kv in "$@"; do
    local k=${kv%%=*} v=${kv#*=}
    v=${v//\\/\\\\}; v=${v//|/\\|}; v=${v//&/\\&}
    script+="s|@$k@|$v|g;"
  done
  sed "$script" "$template" >"$out"
}

backend_kind() {
  if [[ -f $ROOT/dist/src/cli/main.js ]] && node "$ROOT/dist/src/cli/main.js" serve --help >/dev/null 2>&1; then
    echo "h1ref serve (dist/src/cli/main.js)"
  else
    echo "node:http echo (scripts/peers/node-echo.mjs; h1ref not built)"
  fi
}

# A folder the apache2 children (not root) can read: $dir/www when its path is open to them, else a new
# folder under /tmp, removed at stop.
apache_www() {
  local dir=$1 user=$2 www="$1/www"
  mkdir -p "$www"
  cp "$FILES/apache2-echo.lua" "$www/echo.lua"
  chmod 755 "$www" && chmod 644 "$www/echo.lua"
  if [[ $(id -u) == 0 ]] && ! setpriv --reuid="$user" --regid="$user" --clear-groups test -r "$www/echo.lua" 2>/dev/null; then
    www=$(mktemp -d /tmp/h1ref-peers-apache2.XXXXXX)
    chmod 755 "$www"
    cp "$FILES/apache2-echo.lua" "$www/echo.lua" && chmod 644 "$www/echo.lua"
    echo "$www" >"$dir/www.tmp"
  fi
  echo "$www"
}

start_server() {
  local name=$1 dir=$2 port=$3
  case $name in
    node-http)
      launch "$name" "$dir" node "$FILES/node-echo.mjs" "$port" ;;
    haproxy-backend)
      if [[ $(backend_kind) == h1ref* ]]; then
        launch "$name" "$dir" node "$ROOT/dist/src/cli/main.js" serve --host 127.0.0.1 --port "$port" --quiet \
          --proxy-protocol "$([[ ${H1REF_PEERS_PROXY_PROTOCOL:-off} == off ]] && echo off || echo any)"
      else
        launch "$name" "$dir" node "$FILES/node-echo.mjs" "$port"
      fi ;;
    nginx)
      mkdir -p "$dir/tmp"
      local user_line=""
      [[ $(id -u) == 0 ]] && user_line="user root;"
      fill "$FILES/nginx.conf.in" "$dir/nginx.conf" "DIR=$dir" "PORT=$port" "USER_LINE=$user_line"
      launch "$name" "$dir" /usr/sbin/nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' ;;
    apache2)
      # Apache refuses to serve as root: as root, its children switch to www-data (or nobody).
      local user www
      user=$(id -un)
      if [[ $(id -u) == 0 ]]; then
        user=www-data
        id "$user" >/dev/null 2>&1 || user=nobody
      fi
      www=$(apache_www "$dir" "$user")
      fill "$FILES/apache2.conf.in" "$dir/apache2.conf" "DIR=$dir" "PORT=$port" "WWW=$www" "USER=$user" "GROUP=$(id -gn "$user")"
      launch "$name" "$dir" /usr/sbin/apache2 -d "$dir" -f "$dir/apache2.conf" -DFOREGROUND ;;
    lighttpd)
      mkdir -p "$dir/www" "$dir/tmp"
      cp "$FILES/lighttpd-echo.lua" "$dir/echo.lua"
      fill "$FILES/lighttpd.conf.in" "$dir/lighttpd.conf" "DIR=$dir" "PORT=$port"
      launch "$name" "$dir" /usr/sbin/lighttpd -D -f "$dir/lighttpd.conf" ;;
    haproxy)
      local send_proxy=""
      case ${H1REF_PEERS_PROXY_PROTOCOL:-off} in
        v1) send_proxy=" send-proxy" ;;
        v2) send_proxy=" send-proxy-v2" ;;
      esac
      fill "$FILES/haproxy.cfg.in" "$dir/haproxy.cfg" "PORT=$port" "BACKEND_PORT=$(port_of haproxy-backend)" "SEND_PROXY=$send_proxy"
      launch "$name" "$dir" /usr/sbin/haproxy -db -f "$dir/haproxy.cfg" ;;
    gunicorn)
      launch "$name" "$dir" env PYTHONDONTWRITEBYTECODE=1 "$PY" -m gunicorn --bind "127.0.0.1:$port" --workers 1 \
        --worker-class gthread --threads 8 --graceful-timeout 2 --worker-tmp-dir "$dir" --chdir "$FILES" \
        --access-logfile - --error-logfile - wsgi_echo:app ;;
    uvicorn)
      launch "$name" "$dir" env PYTHONDONTWRITEBYTECODE=1 "$PY" -m uvicorn --host 127.0.0.1 --port "$port" --http h11 \
        --lifespan off --no-use-colors --app-dir "$FILES" asgi_echo:app ;;
    waitress)
      launch "$name" "$dir" env PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$FILES" "$PY" -m waitress \
        --listen="127.0.0.1:$port" --threads=8 wsgi_echo:app ;;
  esac
}

# 0 started or already running, 1 failed, 3 skipped (what it needs cannot be installed)
start_one() {
  local name=$1 port dir pid
  port=$(port_of "$name")
  dir="$STATE/$name"
  if pid=$(pid_of "$name") && group_alive "$pid"; then
    say "$name already running (pid $pid, 127.0.0.1:$port)"
    return 0
  fi
  if ! ensure_installed "$name"; then
    say "skipping $name: $(packages_of "$name") not installed and cannot be installed"
    return 3
  fi
  if [[ $name == haproxy ]]; then
    start_one haproxy-backend || return 1
  fi
  if port_open "$port"; then
    say "cannot start $name: 127.0.0.1:$port is already in use by another process"
    return 1
  fi
  mkdir -p "$dir"
  if [[ -f $dir/www.tmp ]]; then rm -rf -- "$(cat "$dir/www.tmp")"; fi
  rm -f "$dir/pid" "$dir/www.tmp"
  start_server "$name" "$dir" "$port"
  if ! wait_ready "$name" "$port" 30; then
    say "$name did not answer on 127.0.0.1:$port; last lines of $dir/log and error log:"
    tail -n 20 "$dir/log" "$dir/error.log" 2>/dev/null | sed 's/^/  /' >&2
    stop_one "$name" >/dev/null
    [[ $name == haproxy ]] && stop_one haproxy-backend >/dev/null
    return 1
  fi
  if ! check_loopback "$name"; then
    stop_one "$name" >/dev/null
    [[ $name == haproxy ]] && stop_one haproxy-backend >/dev/null
    return 1
  fi
  say "started $name (pid $(pid_of "$name")) on http://127.0.0.1:$port — $(version_of "$name")"
}

status_one() {
  local name=$1 port pid code
  port=$(port_of "$name")
  if pid=$(pid_of "$name") && group_alive "$pid"; then
    code=$(get_status "$port")
    printf '%-16s %-6s %-8s %-8s %s\n' "$name" "$port" "$pid" running "GET/$code"
    [[ $code != none ]]
  elif pid=$(orphaned_group "$name"); then
    printf '%-16s %-6s %-8s %-8s %s\n' "$name" "$port" "$pid" orphans "$(get_status "$port" | sed 's|^|GET/|')"
    return 1
  else
    printf '%-16s %-6s %-8s %-8s %s\n' "$name" "$port" - stopped -
    return 1
  fi
}

names_for() {
  if [[ ${1:-} == all ]]; then
    printf '%s\n' "${PEERS[@]}"
  elif [[ -n ${1:-} ]] && is_peer "$1"; then
    echo "$1"
  else
    die "unknown peer '${1:-}': one of ${PEERS[*]} or all"
  fi
}

main() {
  local cmd=${1:-} target=${2:-} name rc=0 r
  case $cmd in
    start)
      mkdir -p "$STATE"
      local skipped=() failed=()
      for name in $(names_for "$target"); do
        start_one "$name"
        r=$?
        ((r == 3)) && skipped+=("$name")
        ((r == 1)) && failed+=("$name")
      done
      ((${#skipped[@]})) && say "skipped (cannot install): ${skipped[*]}"
      ((${#failed[@]})) && { say "failed to start: ${failed[*]}"; rc=1; }
      ;;
    stop)
      for name in $(names_for "$target"); do
        stop_one "$name"
        [[ $name == haproxy ]] && stop_one haproxy-backend
      done
      ;;
    status)
      printf '%-16s %-6s %-8s %-8s %s\n' name port pid state answer
      for name in $(names_for "${target:-all}"); do
        status_one "$name" || { [[ ${target:-all} != all ]] && rc=1; }
        [[ $name == haproxy ]] && { status_one haproxy-backend || true; }
      done
      ;;
    list)
      for name in "${PEERS[@]}"; do echo "$name $(port_of "$name") $(echo_of "$name") $(fields_of "$name")"; done
      ;;
    version)
      for name in $(names_for "${target:-all}"); do
        if installed "$name"; then echo "$name $(version_of "$name")"; else echo "$name not installed"; fi
      done
      ;;
    -h | --help | help)
      sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
      ;;
    *)
      echo "usage: scripts/peers.sh start|stop|status NAME|all, list, version NAME|all  (--help for more)" >&2
      exit 2
      ;;
  esac
  return $rc
}

main "$@"
