# The JDKs that bouncer's scripts run on, named in one place. Source it: `. .ci/jdks.sh`.
#
# JDK 17, the baseline, is the default JDK: $JAVA_HOME, else `java` on the PATH. JDK 25 is used
# where it is installed: .ci/run runs the unit tests on it as well, and jcstress-tests/run prefers
# it. Point JDK25 at another JDK 25 home (a directory with bin/java) through the environment.
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JDK25
