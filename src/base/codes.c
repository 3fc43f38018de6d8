/* base/codes.c: every diagnostic code with its severity and long help, printed
 * by `cdcgen explain CODE`. A code added to the sources goes here and into
 * the DIAGNOSTICS list of man/cdcgen.1; tests/cli/run.sh fails until it
 * is in all three. A warning is also a row of the lint table (sem/lint.c)
 * or listed there as raised elsewhere: tests/unit/test_lint.c fails until
 * it is. */
#include <string.h>

#include "cdcgen/base/codes.h"

static const cdc_code_info codes[] = {
    {"always-matches", "warning", "a filter that routes every event",
     "No value of the fields the filter reads, NULL included, makes its conditions anything but "
     "TRUE, so it routes every change event, such as any: [x isNull, x isNotNull]. Usually a "
     "condition meant 'and' was written as 'or'. Decided exactly for every operator but "
     "matches (filters with matches, or more than 4096 value combinations, are not linted); "
     "reported by check."},
    {"bad-condition", "error", "a condition is neither a leaf nor a group",
     "A condition is a mapping: a leaf (field, operator and its operands) or a group holding "
     "exactly one of 'all', 'any' (lists) or 'not' (one condition). A list, a scalar, a mapping "
     "with both 'all' and 'any', or nesting deeper than the limit is rejected.\n"
     "\n"
     "  - { any: [ { field: __op, operator: equals, value: c }, { field: __op, operator: equals, "
     "value: r } ] }\n"
     "  - { not: { field: __deleted, operator: equals, value: \"true\" } }"},
    {"bad-event", "error", "an eval input line is not an event",
     "`cdcgen eval` reads one JSON object per line: a row of column values or a Debezium change "
     "event. A line that is not valid JSON, not an object, or a change event without an 'after' or "
     "'before' object is reported with its line and skipped; the other lines are still routed and "
     "the exit status is 1."},
    {"bad-file", "error", "a filter or test file is not a mapping",
     "A filter file is a mapping with 'version' and 'filters'; a test file a mapping with "
     "'version' and 'tests'. A file whose top level is a list or a scalar is rejected, and a test "
     "file (*.test.yaml) given to check, generate or eval by name points to `cdcgen test`.\n"
     "\n"
     "  version: 1\n"
     "  filters:\n"
     "    - id: loans\n"
     "      ..."},
    {"bad-filter", "error", "an entry of 'filters' is not a mapping",
     "Every entry of the 'filters' list is a mapping with id, name, consumerId, outputTopic and "
     "conditions. Check the indentation: a '-' followed by a scalar makes a string, not a filter."},
    {"bad-id", "error", "a filter id has characters outside [a-z0-9-]",
     "Filter ids name sink tables and appear in every target, so they are lowercase letters, "
     "digits and '-', starting with a letter or digit: 'loan-created', not 'Loan_Created'."},
    {"bad-json", "error", "cdcgen resolve was given text that is not JSON",
     "`cdcgen resolve` reads a connector configuration as JSON (a file cdcgen generated, such as "
     "generated/connect-confluent.json). The diagnostic gives the line and column where the text "
     "stops being JSON; nothing is written to standard output and the exit status is 2."},
    {"bad-literal", "error", "a value cannot be read as the field's type",
     "A literal must be a value of the field's type: an integer of epoch milliseconds for __ts_ms, "
     "a number for a numeric path, no NUL character in text. Write the value the way the type "
     "reads it, or give valueType to say what a JSON path holds."},
    {"bad-operand", "error", "an operator is given an operand it does not take",
     "Each operator takes its own operands: equals, greaterThan and the like take 'value'; in and "
     "notIn take 'values' (a list); between takes 'min' and 'max'; isNull and isNotNull take none. "
     "The message names what the operator takes.\n"
     "\n"
     "  - { field: event_type, operator: in, values: [LoanCreated, LoanUpdated] }"},
    {"bad-path", "error", "a field path is malformed",
     "A path into a JSON column is the column, then '.key' or '[n]' steps: header_data.amount, "
     "header_data.items[0].sku. Keys are letters, digits, '_' and '-'. An empty key, an unclosed "
     "bracket, an index that is not a number or another character is rejected at the place it goes "
     "wrong."},
    {"bad-regex", "error", "a matches pattern does not compile or is not portable",
     "The pattern of 'matches' must be valid in the regular-expression subset every target runs "
     "alike (see Regular expressions in cdcgen(1)). The message gives the problem and its "
     "position. Quote patterns in YAML: value: \"^Loan(Created|Updated)$\"."},
    {"bad-status", "error", "an unknown status",
     "status is one of pending_approval, approved, deploying, deployed, failed, disabled, active, "
     "deprecated, pending_deletion, deleted. disabled, pending_deletion and deleted are not "
     "generated; deprecated is generated with a warning. A misspelling gets a suggestion."},
    {"bad-suppression", "error", "a suppress entry that cannot turn a rule off",
     "An entry of 'suppress' (in cdcgen.yaml, or in a filter) is a mapping with 'rule', the code "
     "of a warning, and 'reason', why it does not apply, which is required and not blank. An "
     "unknown code (with a suggestion), an error's code (errors cannot be turned off), a missing "
     "or blank reason, or a rule listed twice in one list is rejected (in cdcgen.yaml, a "
     "missing key or an entry that is not a mapping is missing-key or bad-value, as for its "
     "other keys); unused-suppression can only be turned off in cdcgen.yaml.\n"
     "\n"
     "  suppress:\n"
     "    - rule: shared-topic\n"
     "      reason: loans and car loans fan in to one topic on purpose"},
    {"bad-test", "error", "a test in a test file is malformed",
     "A test is a mapping with 'name', 'event' (one event) or 'events' (a list), and 'expect' "
     "and/or 'expectNot' (lists of filter ids). The message says what is wrong: a missing name, "
     "both 'event' and 'events', an expectation that is not a list."},
    {"bad-timestamp", "error", "a timestamp literal is not an ISO-8601 instant",
     "Timestamps are written as ISO-8601 instants with an offset: \"2024-01-15T10:30:00Z\" or "
     "\"2024-01-15T12:30:00+02:00\". A local time without an offset names no instant and is "
     "rejected, as is an impossible date."},
    {"bad-topic", "error", "an outputTopic Kafka would not accept",
     "outputTopic is a Kafka topic base name: letters, digits, '.', '_' and '-', at most 249 "
     "characters once the longest target suffix is appended. The message names the offending "
     "character or the length."},
    {"bad-value", "error", "a key holds a value of the wrong shape",
     "A key was given a list where one value is expected, a mapping where a list is, true/false "
     "misspelled, or text with a NUL character. The message names the key and what it takes. Also: "
     "an allowBreaking reason that is empty. In cdcgen.yaml: a value of another type than its key "
     "takes, such as a number or boolean where text belongs (quote it: source_topic: \"2024\"), "
     "quoted text where a whole number belongs (partitions: 3, not \"3\"), an integer out of "
     "range or with a leading zero, a boolean spelled yes or on (YAML 1.2 reads them as text), "
     "an empty value, or a scalar where a section or list belongs (targets: [flink])."},
    {"bad-value-type", "error", "an unknown valueType",
     "valueType says what a JSON path holds when no literal shows it: string, number, boolean or "
     "timestamp."},
    {"bad-version", "error", "an unsupported file version",
     "Filter and test files start with 'version: 1' (2 is accepted for filters as the same "
     "language). Another value means a file of a newer cdcgen or of something else."},
    {"between-range", "error", "between with min above max",
     "between is inclusive on both ends and matches nothing when min is greater than max. Swap "
     "them:\n"
     "\n"
     "  - { field: header_data.amount, operator: between, min: 100, max: 250 }"},
    {"big-integer", "warning", "an event integer beyond 64 bits",
     "An integer in an event line does not fit 64 bits. The event is still routed, with every "
     "integer of that line read as a double (as Java's JSON readers do), so comparisons with it "
     "may be inexact."},
    {"config", "error", "cdcgen.yaml is not a mapping of sections",
     "The project configuration is a mapping of sections (targets, kafka, topics, streams, flink, "
     "database, connector, confluent). A file whose top level is a list or a scalar is rejected. "
     "Its other mistakes have their own codes, each reported at its line and column: "
     "unknown-key, missing-key, bad-value, duplicate-key, yaml-syntax, config-value and "
     "literal-secret. cdcgen.example.yaml lists every key with its default; see CONFIGURATION in "
     "cdcgen(1)."},
    {"config-value", "error", "a cdcgen.yaml value its key does not accept",
     "Every value in cdcgen.yaml has a rule (a topic name Kafka accepts, a host name, a port, a "
     "positive count, one of a few words, a target name...); an empty or malformed value is "
     "reported at its line and column instead of reaching a generated file, a misspelt target "
     "with a did-you-mean. CONFIGURATION in cdcgen(1) gives each key's rule."},
    {"conflicting-expectation", "error", "a filter is in both expect and expectNot",
     "A test cannot require a filter both to route and not to route its event. Remove the filter "
     "from one of the two lists."},
    {"deprecated-filter", "warning", "a filter with status deprecated",
     "A deprecated filter is still generated. The warning reminds that its consumer should move "
     "on; set status: pending_deletion or disabled to stop generating it."},
    {"duplicate-filter", "warning", "a filter id listed twice in one expectation",
     "A filter id appears twice in 'expect' or 'expectNot'; the second changes nothing. Remove "
     "it."},
    {"duplicate-id", "error", "two filters with one id",
     "Filter ids are unique across all input files: the id names the sink table and the filter in "
     "every target and in `cdcgen diff`. The note points at the first filter with the id."},
    {"duplicate-key", "error", "a YAML mapping with a key twice",
     "YAML libraries disagree about which of two equal keys wins, so cdcgen rejects them. The note "
     "points at the first occurrence."},
    {"duplicate-route", "warning", "two filters route the same events to one topic",
     "Two generated filters write the same outputTopic and route exactly the same events: every "
     "event they route is written to the topic twice, and the consumer cannot tell the two "
     "apart. Decided exactly as `cdcgen diff` decides a change (equal trees, or every "
     "combination of the fields' value regions, with up to 4096 events per pair; filters with "
     "two different regular expressions are not compared), and only within one topic, where "
     "duplicates land: filters with equal conditions on different topics serve different "
     "consumers. Reported at the later filter, with a note at the earlier; reported by check. "
     "Remove one of them, or turn the rule off for the filter if both are meant."},
    {"duplicate-test", "error", "two tests with one name in a file",
     "Test names identify failures and coverage; make each name unique within its file."},
    {"duplicate-value", "warning", "a value listed twice in in or notIn",
     "The second occurrence changes nothing; remove it. Often a sign of a typo in the value "
     "meant."},
    {"empty-conditions", "error", "an empty list of conditions",
     "'conditions', 'all' and 'any' need at least one condition: an empty AND would route "
     "everything and an empty OR nothing, which is never what a routing rule means."},
    {"empty-file", "error", "a file without a YAML document",
     "The file is empty or holds only comments. Remove it from the input or give it 'version' and "
     "'filters'."},
    {"empty-values", "error", "in or notIn with an empty list",
     "'values' of in and notIn needs at least one value: in [] would route nothing and notIn [] "
     "every non-NULL value."},
    {"enum-value", "error", "a value outside a column's known values",
     "Some columns hold a fixed set of values: __op is c, u, d or r; __deleted is \"true\" or "
     "\"false\". Comparing with another value can never match; the message lists the values and "
     "suggests the nearest."},
    {"filter-not-generated", "warning", "a test expects a filter that is not generated",
     "The filter named in 'expect' is disabled or has a status that is not generated, so it routes "
     "nothing and the test can only pass for 'expect: []'. Enable the filter or drop it from the "
     "test."},
    {"fmt-unsafe", "error", "fmt could not lay a file out without changing it",
     "Before `cdcgen fmt` writes a file it reads its own layout back and compares: the same "
     "values with the same YAML types, and every comment. When they differ, the file is left "
     "as it is and the exit status is 2, since the fault is cdcgen's, not the file's. Please "
     "report it with the file; meanwhile the file works as it is."},
    {"interrupted-output", "warning", "generate finished an interrupted run's output set",
     "A run of `cdcgen generate` was killed after writing its complete output set to a temporary "
     "directory but before renaming every file into place. The next run finishes those renames "
     "first, so the output directory never keeps a mix of old and new files, and says so with "
     "this warning."},
    {"io", "error", "a file or stream cannot be read or written",
     "An input, config or output could not be read or written (missing file, permissions, full "
     "disk, standard output closed), or `cdcgen diff --against` names neither a directory nor a "
     "git revision or a base that does not compile. The exit status is 2."},
    {"literal-secret", "error", "a secret written in cdcgen.yaml",
     "database.password, confluent.api_key and confluent.api_secret end up in connector configs; "
     "they must be config-provider references resolved by Kafka Connect, such as "
     "${env:DB_PASSWORD} or ${file:/etc/secrets.properties:key}, never the secret itself."},
    {"min-coverage", "error", "test coverage below --min-coverage",
     "`cdcgen test --min-coverage P` requires that the tests make at least P% of condition "
     "outcomes happen (every condition TRUE and not TRUE). --coverage lists the outcomes never "
     "seen; add tests for them."},
    {"missing-key", "error", "a required key is missing",
     "Filters need id, name, consumerId, outputTopic and conditions; leaves need field and "
     "operator; files need 'filters' or 'tests'; entries of cdcgen.yaml lists need their "
     "required keys. The message names the key and where it belongs."},
    {"missing-operand", "error", "an operator without its operand",
     "The operator needs an operand that is not given: 'value' for equals and the comparisons and "
     "matches, 'values' for in and notIn, 'min' and 'max' for between."},
    {"name-collision", "error", "two things a target creates share a name",
     "Every topic, sink table and view the targets create must be distinct: two filters whose "
     "topics collide once the target suffix is added, a filter writing the source topic it reads "
     "(its events would be routed again), or a sink table named like the source table."},
    {"never-matches", "warning", "a filter that can never route an event",
     "No value of the fields the filter reads makes its conditions TRUE: contradictory "
     "conditions (event_type equals A and equals B), an empty range (greaterThan 10 and "
     "lessThan 5), or a value its column never holds. Its consumer would get nothing. Decided "
     "exactly for every operator but matches (filters with matches, or more than 4096 value "
     "combinations, are not linted); reported by check."},
    {"no-input", "error", "no filter files found",
     "No *.yaml, *.yml or *.json file was found under the given paths (default filters/). Give the "
     "directory holding the filters, or run from the project root."},
    {"no-project", "error", "cdcgen runs outside any project",
     "Without a PATH, commands read the project's filters/: the one in the working directory, "
     "else the one beside the nearest cdcgen.yaml in the working directory or a parent. There is "
     "neither, so cdcgen is not inside a project. Run it from the project (any subdirectory "
     "will do), start one with `cdcgen init`, or name the filter files or directories."},
    {"no-tests", "error or warning", "no tests to run",
     "`cdcgen test` found no *.test.yaml file (an error), or a test file holds an empty 'tests' "
     "list (a warning)."},
    {"not-formatted", "error", "fmt --check found a file not in the canonical layout",
     "`cdcgen fmt --check` (or --diff) found that `cdcgen fmt` would rewrite the file; the "
     "position is the first line that would change, and --diff shows the whole change. Run "
     "`cdcgen fmt` and commit the result. The layout is described in cdcgen(1), section "
     "FILTER FILES, Canonical layout."},
    {"null-literal", "error", "null used as a value to compare with",
     "In SQL any comparison with NULL is UNKNOWN, so 'equals: null' would never match. Use the "
     "operators isNull or isNotNull."},
    {"number-precision", "warning", "an integer literal with no exact double",
     "The literal is beyond 2^53 and some targets compare numbers as doubles; the warning gives "
     "the value it compares as. Compare as text or with a range if exactness matters."},
    {"operator-type", "error", "an operator the field's type does not support",
     "Ordered comparisons (greaterThan, between, ...) need an ordered type, not boolean; matches "
     "needs text; a JSON column itself only takes isNull and isNotNull: compare a key inside it, "
     "such as header_data.eventType."},
    {"regex-limit", "warning", "a regex match hit the match limit",
     "A matches pattern took too long on some value and that match counted as UNKNOWN (not "
     "routed). Simplify the pattern: avoid nested repetition such as (a+)+."},
    {"shadowed-route", "warning", "a filter adds only duplicates to its topic",
     "Every event the filter routes, another generated filter writing the same outputTopic "
     "routes too (and more), so the filter writes only copies of events already in the topic. "
     "Usually a narrower rule that became redundant when the wider one was added. Decided "
     "exactly like duplicate-route, per topic, for at most 256 pairs of filters per topic (the "
     "rest are not compared, so check stays linear in the number of filters); filters that "
     "route no event are left to never-matches. The note points at the wider filter; reported "
     "by check."},
    {"shared-group", "error", "the Flink source and Kafka Streams share a consumer group",
     "kafka.group_id (the Flink source's consumer group) and streams.application_id (the "
     "Kafka Streams application's group) are equal, so the Flink job would start from and "
     "commit over the Streams application's offsets. Give them different values in "
     "cdcgen.yaml; the note points at the other key."},
    {"shared-topic", "warning", "two filters write the same topic",
     "Two filters write one outputTopic, so their consumer cannot tell the rules apart and an "
     "event matching both is written twice. Intended fan-in is fine; otherwise give each filter "
     "its own topic."},
    {"skipped-dir", "warning", "a directory under a path was not read",
     "While reading a directory of filter or test files, cdcgen does not follow a symbolic link "
     "to a directory (as git does not: a few links pointing upwards would make the walk "
     "endless), nor descend past a fixed depth (LIMITS in cdcgen(1)). Name the directory itself "
     "if its files are meant to be read."},
    {"skipped-file", "warning", "fmt leaves a JSON file as it is",
     "`cdcgen fmt` lays out YAML filter and test files only. A JSON filter file (such as the "
     "seed system's filters.json) is valid as it is, and writing it as YAML would change its "
     "language, so a JSON file named on the command line is left alone with this warning; "
     "when a directory is walked, JSON files are skipped silently."},
    {"stale-output", "error", "generate --check found an output out of date",
     "A file in the output directory differs from what `cdcgen generate` would write now, or is "
     "missing. The diff follows the diagnostic. Run `cdcgen generate` and commit the result."},
    {"test-failed", "error", "a filter test failed",
     "The event of a test was routed differently from what 'expect'/'expectNot' say. The notes "
     "give the event, the expected and actual filters, and for each wrong filter the condition "
     "that decided it and the value it saw; `cdcgen eval --trace` shows the same for any event."},
    {"type-mismatch", "error", "a literal of the wrong type for the field",
     "The value cannot be compared with the field: text for a number, a number for a string "
     "column, a non-instant for a timestamp. Quote text (value: \"42\" for a string column), write "
     "timestamps as ISO-8601 instants."},
    {"unknown-field", "error", "a field that is not a column of the schema",
     "Fields are the columns of event_headers (see SCHEMA in cdcgen(1)) or paths into its JSON "
     "column header_data. A misspelling gets a suggestion."},
    {"unknown-filter", "error", "a test names a filter that does not exist",
     "Ids in 'expect' and 'expectNot' must name filters among the inputs. A misspelling gets a "
     "suggestion; a test file given alone reads the filters of its directory."},
    {"unknown-json-key", "warning", "a path key not among the declared keys of header_data",
     "header_data declares uuid, eventName, eventType, createdDate and savedDate. Other keys are "
     "allowed (typed from the literal) but often a misspelling; the warning suggests the nearest "
     "declared key."},
    {"unknown-key", "error", "a key cdcgen does not know",
     "Filter, condition, test and file mappings accept a fixed set of keys, and so does each "
     "section of cdcgen.yaml; an unknown one is usually a misspelling and gets a suggestion "
     "('condition' for 'conditions', 'bootstrap_server' for 'bootstrap_servers'). When nothing "
     "is close, a note lists the keys the mapping takes."},
    {"unknown-operator", "error", "an operator that does not exist",
     "Operators are equals, in, notIn, greaterThan, lessThan, greaterThanOrEqual, lessThanOrEqual, "
     "between, matches, isNull and isNotNull. A misspelling gets a suggestion."},
    {"unlisted-value", "warning", "a value the schema does not list for its field",
     "Some fields have a list of the values seen so far without being closed: "
     "header_data.eventType lists the event types of the seed's event-header.json (CarCreated, "
     "LoanCreated, LoanPaymentSubmitted, CarServiceDone). A filter comparing it with another value "
     "is accepted, since a new event type may come before the list grows, but most such values are "
     "typos; the message suggests the nearest listed value. Turn the rule off (suppress, with a "
     "reason) for a filter that waits for a new type."},
    {"unresolved-reference", "error", "a secret reference cdcgen resolve cannot resolve",
     "`cdcgen resolve` replaces ${env:NAME} with the environment variable NAME and "
     "${file:PATH:KEY} with KEY of the properties file PATH. An unset variable, a missing file or "
     "key, or another provider is this error, named by the JSON pointer of the value; nothing is "
     "written to standard output and the exit status is 2."},
    {"unused-suppression", "warning", "a filter's suppress entry turns nothing off",
     "`cdcgen check` runs every lint about filters; an entry of a generated filter's 'suppress' "
     "whose rule reported nothing about that filter is stale: remove it, so it cannot hide a "
     "later finding. Entries of cdcgen.yaml are not reported (they apply to every command, such "
     "as eval's big-integer); this rule can only be turned off there."},
    {"yaml-alias", "error", "a YAML anchor or alias",
     "Anchors and aliases (&a, *a) would let one change alter several filters unseen; write the "
     "value out."},
    {"yaml-depth", "error", "YAML nested too deeply",
     "The document nests mappings and lists beyond the limit cdcgen reads; routing rules never "
     "need that depth."},
    {"yaml-encoding", "error", "a file that is not UTF-8",
     "Filter files are UTF-8 (a byte-order mark is allowed). Re-save the file as UTF-8."},
    {"yaml-key", "error", "a mapping key that is not a plain string",
     "Keys must be strings; a list or mapping used as a key is rejected."},
    {"yaml-multi-document", "error", "more than one YAML document in a file",
     "A file holds one document; a second '---' starts another. Split it into two files."},
    {"yaml-syntax", "error", "a YAML syntax error",
     "libyaml could not parse the file at this place: wrong indentation, an unclosed quote or "
     "bracket. In a flow mapping, quote values with brackets or colons, such as field: "
     "\"header_data.items[0]\"."},
    {"yaml-tab", "error", "a tab in YAML indentation",
     "YAML forbids tabs for indentation; use spaces."},
    {"yaml-tag", "error", "a YAML tag other than !!str",
     "Tags such as !!int or !custom change how a scalar is read; cdcgen accepts only !!str. Quote "
     "the value instead."},
};

const cdc_code_info *cdc_codes(size_t *n)
{
    *n = sizeof codes / sizeof codes[0];
    return codes;
}

const cdc_code_info *cdc_code_find(const char *code)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(codes[i].code, code) == 0)
            return &codes[i];
    return NULL;
}
