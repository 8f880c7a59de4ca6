# Sourced by verify.sh and seed.sh: wait until a Job has a Complete or Failed condition (at most
# $timeout seconds) and print which, or Timeout.
outcome() {
    waited=0
    while [ "$waited" -lt "$timeout" ]; do
        state=$(kubectl get job "$1" -o jsonpath='{.status.conditions[?(@.status=="True")].type}' 2>/dev/null)
        case "$state" in
            *Complete*) echo Complete; return 0 ;;
            *Failed*) echo Failed; return 0 ;;
        esac
        sleep 5
        waited=$((waited + 5))
    done
    echo Timeout
}
