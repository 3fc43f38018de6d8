#!/usr/bin/env python3
"""The floor `make bench` holds `cdcgen generate -t flink` to: a generator in
the style of the script cdcgen replaces. It reads filter JSON files (the
seed's format), writes Flink SQL and a Spring YAML by string concatenation,
and checks nothing: no types, no field names, no regex dialect; values are
quoted as strings and `matches` becomes LIKE, as the original did.

    python3 pygen.py OUT_DIR FILE.json...
"""
import json
import os
import sys

COLUMNS = [
    ("id", "STRING"), ("event_name", "STRING"), ("event_type", "STRING"),
    ("created_date", "STRING"), ("saved_date", "STRING"), ("header_data", "STRING"),
    ("__op", "STRING"), ("__table", "STRING"), ("__ts_ms", "BIGINT"), ("__deleted", "STRING"),
]
OPS = {"equals": "=", "notEquals": "<>", "greaterThan": ">", "lessThan": "<",
       "greaterThanOrEqual": ">=", "lessThanOrEqual": "<="}


def table(name, topic):
    sql = "CREATE TABLE `" + name + "` (\n"
    sql += ",\n".join("  `" + c + "` " + t for c, t in COLUMNS)
    sql += "\n) WITH (\n"
    sql += "  'connector' = 'kafka',\n"
    sql += "  'topic' = '" + topic + "',\n"
    sql += "  'properties.bootstrap.servers' = 'localhost:9092',\n"
    sql += "  'format' = 'json'\n);\n\n"
    return sql


def condition(c):
    field = "`" + c["field"] + "`"
    op = c["operator"]
    if op in ("in", "notIn"):
        values = ", ".join("'" + str(v) + "'" for v in c["values"])
        return field + (" IN (" if op == "in" else " NOT IN (") + values + ")"
    if op == "matches":
        return field + " LIKE '%" + str(c["value"]) + "%'"
    if op == "isNull":
        return field + " IS NULL"
    if op == "isNotNull":
        return field + " IS NOT NULL"
    return field + " " + OPS[op] + " '" + str(c["value"]) + "'"


def main():
    out, files = sys.argv[1], sys.argv[2:]
    filters = []
    for path in files:
        with open(path) as f:
            filters += json.load(f)["filters"]
    sql = table("raw_event_headers", "raw-event-headers")
    spring = "spring:\n  cloud:\n    stream:\n      bindings:\n"
    routes = "filters:\n"
    for f in filters:
        if not f.get("enabled", True):
            continue
        name = "sink_" + f["id"].replace("-", "_")
        sql += "-- Filter " + f["id"] + ": " + f["name"] + "\n"
        sql += table(name, f["outputTopic"] + "-flink")
        joiner = " AND " if f.get("conditionLogic", "AND") == "AND" else " OR "
        sql += "INSERT INTO `" + name + "`\nSELECT * FROM `raw_event_headers`\nWHERE "
        sql += joiner.join(condition(c) for c in f["conditions"]) + ";\n\n"
        spring += "        " + f["id"] + "-out:\n"
        spring += "          destination: " + f["outputTopic"] + "-spring\n"
        routes += "  - id: " + f["id"] + "\n    consumerId: " + f["consumerId"] + "\n"
        routes += "    conditions:\n"
        for c in f["conditions"]:
            routes += "      - field: " + c["field"] + "\n        operator: " + c["operator"] + "\n"
            if "values" in c:
                routes += "        values: [" + ", ".join(str(v) for v in c["values"]) + "]\n"
            elif "value" in c:
                routes += "        value: '" + str(c["value"]) + "'\n"
    with open(os.path.join(out, "flink.sql"), "w") as f:
        f.write(sql)
    with open(os.path.join(out, "application.yml"), "w") as f:
        f.write(spring + routes)


if __name__ == "__main__":
    main()
