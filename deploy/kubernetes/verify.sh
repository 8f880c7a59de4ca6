#!/bin/sh
# Verify on a cluster, end to end, with verify's exit code: the workers (step 1), then the merge
# (step 2), then the merged report on stdout. Needs kubectl and the manifests render.sh wrote.
#   sh verify.sh                # EDG_K8S_TIMEOUT (default 7200) bounds each wait, in seconds
# Exit: 0 verified, 1 differences, 2 an error (a worker or the merge could not finish).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
timeout="${EDG_K8S_TIMEOUT:-7200}"

. "$here/jobs.sh"

# Jobs of an earlier run would be taken for this one's: remove them (the volumes stay; each
# worker overwrites its own part).
kubectl delete jobs -l app.kubernetes.io/name=edg-verify --ignore-not-found --wait=true >&2 || exit 2
kubectl apply -k "$here/workers" >&2 || exit 2
for job in $(kubectl get jobs -l app.kubernetes.io/component=worker -o name | sed 's|.*/||'); do
    state=$(outcome "$job")
    if [ "$state" != Complete ]; then
        echo "verify.sh: $job: $state; its log:" >&2
        kubectl logs "job/$job" >&2
        exit 2
    fi
done

kubectl apply -k "$here/merge" >&2 || exit 2
state=$(outcome edg-verify-merge)
kubectl logs job/edg-verify-merge
if [ "$state" = Timeout ]; then
    echo "verify.sh: the merge did not finish within ${timeout}s" >&2
    exit 2
fi
# The merge container's own exit code: the Job only says Complete or Failed.
rc=$(kubectl get pods -l job-name=edg-verify-merge \
    -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')
exit "${rc:-2}"
