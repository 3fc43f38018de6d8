# Sourced by tests/flink/replay, run-sql and checkpoint-probe, after
# tests/lib.sh (which it sources: the common start, see there): picks the
# Flink line, builds the harness for it when its sources changed (offline:
# `make deps` fetched the dependencies), and sets $flink_cp, the class path,
# and $flink_version, e.g. 1.20.3. From the environment: FLINK_HEAP, the
# JVM's maximum heap (default 1g); FLINK_CLASSPATH, jars added to the class
# path (colon-separated; a jar of functions a script uses, say).
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
flink_dir=$root/tests/flink

# flink_line VERSION: 1.20 or 2.2 (a full version like 2.2.0 is accepted).
flink_line() {
    case $1 in
        1.20|1.20.*) echo 1.20 ;;
        2.2|2.2.*|2|2.x) echo 2.2 ;;
        *) echo "flink: unsupported Flink version '$1' (1.20 or 2.2)" >&2; return 2 ;;
    esac
}

# flink_build LINE [KIND]: build target/KIND-<version>/ if needed; sets
# flink_cp and flink_version. KIND: flink (default), the harness; or
# sql-client, Flink's SQL client with the harness's connectors (the Maven
# profile sql-client of pom.xml).
flink_build() {
    local line=$1 kind=${2:-flink} v profiles
    case $line in
        1.20) v=$(sed -n 's:.*<flink.version>\(1\.20\.[0-9]*\)</flink.version>.*:\1:p' "$flink_dir/pom.xml") ;;
        2.2) v=$(sed -n 's:.*<flink.version>\(2\.2\.[0-9]*\)</flink.version>.*:\1:p' "$flink_dir/pom.xml") ;;
    esac
    profiles=flink-$line
    [ "$kind" = flink ] || profiles=$profiles,$kind
    local out=$flink_dir/target/$kind-$v
    if [ ! -f "$out/classpath.txt" ] ||
       [ -n "$(find "$flink_dir/pom.xml" "$flink_dir/src" -newer "$out/classpath.txt" -print -quit)" ]; then
        command -v mvn >/dev/null 2>&1 || { echo "flink: mvn not found; run 'make deps'" >&2; return 2; }
        mkdir -p "$flink_dir/target"
        if ! (cd "$flink_dir" && mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -o -P "$profiles" package) >"$flink_dir/target/build-$kind-$line.log" 2>&1; then
            cat "$flink_dir/target/build-$kind-$line.log" >&2
            echo "flink: building the Flink $line harness ($kind) failed (offline; run 'make deps' first)" >&2
            return 2
        fi
    fi
    flink_version=$v
    flink_cp=$out/classes:$(cat "$out/classpath.txt")
    # cdcgen-flink.jar, the fan-out layout's routing function (make flink-runtime);
    # not for the SQL client, which is given it with --jar
    if [ "$kind" = flink ] && [ -f "$root/runtime/flink/target/cdcgen-flink.jar" ]; then
        flink_cp=$flink_cp:$root/runtime/flink/target/cdcgen-flink.jar
    fi
}

# Flink and its JVM: a modest heap (FLINK_HEAP, default 1g); --add-opens that Flink's serializers need on Java 17.
flink_java_opts=(-Xmx"${FLINK_HEAP:-1g}" -XX:+UseSerialGC
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
    --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED)
