# Prints "tests failures errors" of a JUnit document (cdcgen test --format
# junit) after checking the root's counts against its test cases, and each
# suite's tests against its own; fails on XML that is not well-formed
# (Python's parser, not cdcgen's).
# Usage: python3 junit-counts.py FILE.xml
import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
assert r.tag == "testsuites", r.tag
cases = r.findall("testsuite/testcase")
f = sum(1 for c in cases if c.find("failure") is not None)
e = sum(1 for c in cases if c.find("error") is not None)
assert (int(r.get("tests")), int(r.get("failures")), int(r.get("errors"))) == (len(cases), f, e)
for s in r.findall("testsuite"):
    assert int(s.get("tests")) == len(s.findall("testcase"))
print(len(cases), f, e)
