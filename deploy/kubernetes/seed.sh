#!/bin/sh
# Seed on a cluster, partitioned, end to end: `edg up` once (seed/up), then the Indexed Job of
# N partitions (seed/partitions), then every partition's manifest gathered from its pod's log
# into DIR and checked with `edg sync run merge` (all N present, one seed). Needs kubectl, and
# edg on this machine for the check.
#   sh seed.sh [DIR]            # DIR (default ./edg-seed-manifests) receives part-I.json, run.json
# EDG_K8S_TIMEOUT (default 7200) bounds each wait, in seconds. Exit: 0 seeded and every manifest
# present; 2 an error (a Job failed or timed out, or a manifest is missing).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-edg-seed-manifests}"
timeout="${EDG_K8S_TIMEOUT:-7200}"

. "$here/jobs.sh"

# An earlier run's Jobs would be taken for this one's.
kubectl delete jobs -l app.kubernetes.io/name=edg-seed --ignore-not-found --wait=true >&2 || exit 2
for step in up partitions; do
    kubectl apply -k "$here/seed/$step" >&2 || exit 2
    job=$([ "$step" = up ] && echo edg-seed-up || echo edg-seed)
    state=$(outcome "$job")
    if [ "$state" != Complete ]; then
        echo "seed.sh: $job: $state; its log:" >&2
        kubectl logs "job/$job" >&2
        exit 2
    fi
done

mkdir -p "$dir" || exit 2
n=$(kubectl get job edg-seed -o jsonpath='{.spec.completions}')
i=0
while [ "$i" -lt "$n" ]; do
    pod=$(kubectl get pods -l "job-name=edg-seed,batch.kubernetes.io/job-completion-index=$i" \
        --field-selector=status.phase=Succeeded -o name | head -n 1)
    [ -n "$pod" ] || { echo "seed.sh: no succeeded pod for partition $i/$n" >&2; exit 2; }
    kubectl logs "$pod" > "$dir/part-$i.json" || exit 2
    i=$((i + 1))
done
if command -v edg >/dev/null; then
    edg sync run merge "$dir"/part-*.json --out "$dir/run.json"
else
    echo "seed.sh: the $n manifests are in $dir; check them with: edg sync run merge $dir" >&2
fi
