#!/usr/bin/env bash
# Offline checks of deploy/kubernetes/ and the Dockerfile; no cluster, no
# container engine:
#
#   scripts/k8s-validate.sh
#
# 1. Every manifest validates, strictly (no unknown field), against the
#    schemas of Kubernetes 1.27.0 (the oldest with CronJob's timeZone) and
#    1.37.0, with kubernetes-validate from PyPI, installed at a pinned version
#    into a virtualenv under target/.
# 2. What the schemas cannot say: kustomization.yaml lists every manifest but
#    the example Secret; each CronJob forbids overlapping runs, has a starting
#    deadline and a time zone this machine knows; every container runs as the
#    image's non-root user with a read-only root filesystem, no privilege
#    escalation, resource requests and limits, and reads the ConfigMap and
#    Secret that are there; every FXRATES_* key of those is a variable the
#    binary reads (its --help says so) and every other key is one of libpq's.
# 3. The Dockerfile builds with build_release (the command of the package
#    and of scripts/install.sh) and runs as the user the manifests expect.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

kubernetes_validate_version=1.37.0
kubernetes_versions=(1.27.0 1.37.0)

say() { printf 'k8s-validate: %s\n' "$*" >&2; }

venv=target/k8s-validate-venv
if [[ ! -x $venv/bin/kubernetes-validate ]] ||
    [[ $("$venv/bin/kubernetes-validate" --version) != "$kubernetes_validate_version" ]]; then
    say "installing kubernetes-validate $kubernetes_validate_version into $venv (pip)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "kubernetes-validate==$kubernetes_validate_version" >&2
fi

manifests=(deploy/kubernetes/*.yaml)
resources=()
for file in "${manifests[@]}"; do
    [[ ${file##*/} == kustomization.yaml ]] || resources+=("$file")
done
for version in "${kubernetes_versions[@]}"; do
    say "validating ${#resources[@]} manifests against Kubernetes $version (strict)"
    "$venv/bin/kubernetes-validate" --strict --quiet -k "$version" "${resources[@]}"
done

say "checking what the schemas cannot"
bin=$(build_release)
help=$(
    "$bin" --help
    while IFS= read -r command; do
        [[ $command == help ]] || "$bin" "$command" --help
    done < <("$bin" man --list)
)
FXRATES_HELP=$help "$venv/bin/python" - "${manifests[@]}" <<'PY'
import os
import re
import sys

import yaml

problems = []
docs = {}
for path in sys.argv[1:]:
    with open(path) as f:
        docs[path] = [d for d in yaml.safe_load_all(f) if d]


def by_kind(kind):
    return [(p, d) for p, ds in docs.items() for d in ds if d.get("kind") == kind]


names = {kind: {d["metadata"]["name"] for _, d in by_kind(kind)} for kind in ("ConfigMap", "Secret")}

kustomizations = by_kind("Kustomization")
if len(kustomizations) != 1:
    problems.append("expected one kustomization.yaml")
else:
    listed = set(kustomizations[0][1].get("resources", []))
    for path in docs:
        base = os.path.basename(path)
        if base == "kustomization.yaml":
            continue
        if base.endswith(".example.yaml"):
            if base in listed:
                problems.append(f"kustomization.yaml applies the example {base}")
        elif base not in listed:
            problems.append(f"kustomization.yaml does not list {base}")

pods = []
for path, cron in by_kind("CronJob"):
    spec = cron["spec"]
    name = cron["metadata"]["name"]
    if spec.get("concurrencyPolicy") != "Forbid":
        problems.append(f"{path}: {name} lets runs overlap (concurrencyPolicy)")
    if not spec.get("startingDeadlineSeconds"):
        problems.append(f"{path}: {name} has no startingDeadlineSeconds")
    zone = spec.get("timeZone")
    if not zone or not os.path.exists(f"/usr/share/zoneinfo/{zone}"):
        problems.append(f"{path}: {name} has no known timeZone ({zone!r})")
    pods.append((path, name, spec["jobTemplate"]["spec"]["template"]["spec"]))
for path, job in by_kind("Job"):
    pods.append((path, job["metadata"]["name"], job["spec"]["template"]["spec"]))
if not pods:
    problems.append("no CronJob or Job")

users = set()
for path, name, pod in pods:
    where = f"{path}: {name}"
    context = pod.get("securityContext", {})
    if context.get("runAsNonRoot") is not True:
        problems.append(f"{where}: runAsNonRoot is not true")
    users.add(context.get("runAsUser"))
    if pod.get("automountServiceAccountToken") is not False:
        problems.append(f"{where}: mounts a service account token it does not need")
    for container in pod["containers"]:
        c = container.get("securityContext", {})
        if c.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{where}: root filesystem not read-only")
        if c.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{where}: allows privilege escalation")
        if c.get("capabilities", {}).get("drop") != ["ALL"]:
            problems.append(f"{where}: keeps capabilities")
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            for key in ("cpu", "memory"):
                if key not in resources.get(kind, {}):
                    problems.append(f"{where}: no {kind}.{key}")
        for source in container.get("envFrom", []):
            for kind, ref in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                if ref in source and source[ref]["name"] not in names[kind]:
                    problems.append(f"{where}: reads the {kind} {source[ref]['name']}, which is not here")
if len(users) != 1 or None in users:
    problems.append(f"the pods run as different or unset users: {users}")

# The variables fxrates reads: every [env: NAME] of its help, and libpq's.
known = set(re.findall(r"\[env: ([A-Z0-9_]+)", os.environ["FXRATES_HELP"]))
libpq = {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGPASSFILE",
         "PGOPTIONS", "PGAPPNAME", "PGCONNECT_TIMEOUT", "PGSSLMODE", "PGSSLROOTCERT",
         "PGTARGETSESSIONATTRS", "PGCHANNELBINDING"}
if "FXRATES_DATABASE_URL" not in known:
    problems.append("the binary's --help names no FXRATES_DATABASE_URL: cannot check the keys")
for kind in ("ConfigMap", "Secret"):
    for path, doc in by_kind(kind):
        keys = list(doc.get("data", {}) or {}) + list(doc.get("stringData", {}) or {})
        # The commented-out keys count too: they are what an operator uncomments.
        with open(path) as f:
            keys += re.findall(r"^\s*#\s*([A-Z][A-Z0-9_]*):", f.read(), re.M)
        for key in keys:
            if key.startswith("FXRATES_") and key not in known:
                problems.append(f"{path}: {key} is no variable of fxrates")
            elif not key.startswith("FXRATES_") and key not in libpq:
                problems.append(f"{path}: {key} is neither an FXRATES_ nor a libpq variable")

for problem in problems:
    print(f"k8s-validate: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY

grep -q 'build_release' Dockerfile || {
    say "the Dockerfile does not build with build_release (scripts/lib.sh)"
    exit 1
}
user=$(grep -ho 'runAsUser: [0-9]*' deploy/kubernetes/*.yaml | sort -u)
if [[ $(wc -l <<<"$user") != 1 ]] || ! grep -qx "USER ${user#runAsUser: }:${user#runAsUser: }" Dockerfile; then
    say "the Dockerfile's USER is not the manifests' runAsUser (${user//$'\n'/, })"
    exit 1
fi

say "ok: deploy/kubernetes validates against Kubernetes ${kubernetes_versions[*]}, and the Dockerfile matches it"
