#!/usr/bin/env bash
# release-gate.sh — the steps of the release gate (.github/workflows/
# release-gate.yml and the composite action action.yml call it):
#
#   release-gate.sh up        bring the compose stack up and wait until healthy
#   release-gate.sh run       run the scenario against it in the mcpchaos image,
#                             render the report, exit with the verdict's code
#   release-gate.sh down      save the containers' logs, take the stack down
#   release-gate.sh verdict-code RUN REPORT [RUN REPORT ...]
#                             the worse of `mcpchaos run`'s and `mcpchaos
#                             report`'s exit codes (what `run` exits with),
#                             a line per pair
#
# Settings (environment):
#   MCPCHAOS_SRC       the mcpchaos checkout: docker-compose.yml, Dockerfile (required)
#   COMPOSE_FILES      compose files, space-separated (default $MCPCHAOS_SRC/docker-compose.yml)
#   MCP_SERVER_IMAGE   the candidate MCP server image; empty builds the reference server
#   MCP_PROFILE        fast (CI-sized alert windows, default) or prod
#   SCENARIO           the k6 script (default fixtures/compose/docker-faults.js)
#   MCPCHAOS_CONFIG    the mcpchaos config (default mcpchaos.compose.yaml)
#                      SCENARIO and MCPCHAOS_CONFIG are taken from the working
#                      directory when they exist there, else from the bundle in
#                      the mcpchaos image (/mcpchaos)
#   REPORTS_DIR        where the run's report directory goes (default reports)
#   WAIT_TIMEOUT       seconds `up` waits for healthy services (default 300)
#   DOCKER_SOCKET      the Docker socket the docker fault driver uses (default
#                      /var/run/docker.sock), mounted into the mcpchaos container
#
# Exit codes of `run` are mcpchaos's: 0 pass, 99 an assertion failed or a
# threshold was crossed, 120 could not evaluate, 121 a fault was not
# reverted, 104 bad config, 107 script exception, 108 aborted by the script.
set -uo pipefail

PROJECT=mcpchaos-gate
IMAGE=mcpchaos/mcpchaos:dev # the image docker-compose.yml builds from the Dockerfile
BUNDLE=/mcpchaos            # where the image keeps scenarios and configs

die() { echo "release-gate: $*" >&2; exit 2; }

compose() {
	local args=(-p "$PROJECT") f
	for f in ${COMPOSE_FILES:-$MCPCHAOS_SRC/docker-compose.yml}; do
		[[ -f $f ]] || die "compose file $f does not exist (COMPOSE_FILES)"
		args+=(-f "$f")
	done
	if [[ -n ${MCP_SERVER_IMAGE:-} ]]; then
		args+=(-f "$(server_override)")
	fi
	MCP_PROFILE=${MCP_PROFILE:-fast} docker compose "${args[@]}" "$@"
}

# server_override writes the compose override that runs the candidate
# image as mcp-server instead of building the reference server.
server_override() {
	local dir=${RUNNER_TEMP:-/tmp}/mcpchaos-gate
	mkdir -p "$dir"
	printf 'services:\n  mcp-server:\n    image: %s\n    build: !reset null\n    pull_policy: missing\n' "$MCP_SERVER_IMAGE" >"$dir/server-image.compose.yml"
	echo "$dir/server-image.compose.yml"
}

# severity ranks exit codes as engine.Outranks does (no subshells: the
# tests run it on every pair of codes).
severity() {
	case $1 in
	0) rank=0 ;;
	120) rank=2 ;;
	121) rank=3 ;;
	*) rank=1 ;;
	esac
}

# verdict_code prints the worse of the run's and the report's codes; on a
# tie the run's (it knows how it ended: a script exception, an abort).
verdict_code() {
	local run=$1 report=$2 rank run_rank
	if ((run == 0)); then
		echo "$report"
		return
	elif ((report == 0)); then
		echo "$run"
		return
	fi
	severity "$run"
	run_rank=$rank
	severity "$report"
	if ((rank > run_rank)); then
		echo "$report"
	else
		echo "$run"
	fi
}

# in_image maps a path to where the container sees it: the working
# directory is mounted at the same path; anything else is the bundle's.
in_image() {
	if [[ -e $1 ]]; then
		realpath "$1"
	else
		echo "$BUNDLE/$1"
	fi
}

mcpchaos() {
	local sock=${DOCKER_SOCKET:-/var/run/docker.sock}
	[[ -S $sock || -e $sock ]] || die "no Docker socket at $sock (DOCKER_SOCKET)"
	docker run --rm --network host \
		--user "$(id -u):$(id -g)" --group-add "$(stat -c %g "$sock")" \
		-v "$sock:$sock" -v "$PWD:$PWD" -w "$PWD" \
		-e CI=true "$IMAGE" "$@"
}

up() {
	compose up -d --build --wait --wait-timeout "${WAIT_TIMEOUT:-300}" || {
		compose ps -a
		compose logs --no-color --tail 50
		die "the compose stack did not become healthy"
	}
	compose ps
}

run() {
	local dir code report_code
	dir=${REPORTS_DIR:-reports}/gate-$(date -u +%Y%m%d-%H%M%S)
	mkdir -p "$dir"
	echo "release-gate: running $(in_image "${SCENARIO:-fixtures/compose/docker-faults.js}"); report in $dir"
	mcpchaos run "$(in_image "${SCENARIO:-fixtures/compose/docker-faults.js}")" \
		--config "$(in_image "${MCPCHAOS_CONFIG:-mcpchaos.compose.yaml}")" --quiet \
		--summary-export "$dir/summary.json" \
		--faults-events "$dir/events.jsonl" \
		--assertions-results "$dir/assertions.jsonl"
	code=$?
	mcpchaos report "$dir"
	report_code=$?
	code=$(verdict_code "$code" "$report_code")
	if [[ -n ${GITHUB_OUTPUT:-} ]]; then
		{
			echo "report-dir=$dir"
			echo "exit-code=$code"
		} >>"$GITHUB_OUTPUT"
	fi
	echo "release-gate: exit code $code (run and report: see above)"
	exit "$code"
}

down() {
	mkdir -p "${REPORTS_DIR:-reports}"
	compose logs --no-color --timestamps >"${REPORTS_DIR:-reports}/compose.log" 2>&1
	compose down -v --remove-orphans
}

case ${1:-} in
up | run | down)
	[[ -n ${MCPCHAOS_SRC:-} ]] || die "set MCPCHAOS_SRC to the mcpchaos checkout"
	"$1"
	;;
verdict-code)
	shift
	(($# > 0 && $# % 2 == 0)) || die "usage: $0 verdict-code RUN_EXIT REPORT_EXIT [...]"
	while (($#)); do
		[[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]] || die "verdict-code: exit codes are numbers, got $1 $2"
		verdict_code "$1" "$2"
		shift 2
	done
	;;
*) die "usage: $0 up|run|down|verdict-code RUN REPORT" ;;
esac
