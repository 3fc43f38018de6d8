-- Rows written while every engine runs: each operator's boundary values (in
-- tests/e2e/filters/e2e.yaml), header_data numbers as integers where a filter
-- compares doubles and as strings where it compares numbers, NULLs, ISO-8601
-- instants with offsets, quotes, backslashes and astral characters; then
-- updates and deletes. Each statement is one change event per row.
CREATE TEMP TABLE r (LIKE event_headers);
INSERT INTO r VALUES
 -- the project's filters: event_type and __op = c
 ('s-car', 'CarCreated', 'CarCreated', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z', '{"uuid":"s-car"}'),
 ('s-loan', 'LoanCreated', 'LoanCreated', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z', '{"uuid":"s-loan"}'),
 ('s-pay', 'LoanPaymentSubmitted', 'LoanPaymentSubmitted', NULL, NULL, '{}'),
 ('s-service', 'CarServiceDone', 'CarServiceDone', NULL, NULL, 'null'),
 ('s-car-lower', 'carcreated', 'carcreated', NULL, NULL, '{}'),
 -- amount between 100 and 1000.5, greater than 10000
 ('a-99.999', 'Amount', 'Payment', NULL, NULL, '{"amount": 99.999}'),
 ('a-100-int', 'Amount', 'Payment', NULL, NULL, '{"amount": 100}'),
 ('a-100.0', 'Amount', 'Payment', NULL, NULL, '{"amount": 100.0}'),
 ('a-1000.5', 'Amount', 'Payment', NULL, NULL, '{"amount": 1000.5}'),
 ('a-1000.51', 'Amount', 'Payment', NULL, NULL, '{"amount": 1000.51}'),
 ('a-string-500', 'Amount', 'Payment', NULL, NULL, '{"amount": "500"}'),
 ('a-bool', 'Amount', 'Payment', NULL, NULL, '{"amount": true}'),
 ('a-null', 'Amount', 'Payment', NULL, NULL, '{"amount": null}'),
 ('a-10000', 'Amount', 'Payment', NULL, NULL, '{"amount": 10000}'),
 ('a-10000.001', 'Amount', 'Payment', NULL, NULL, '{"amount": 10000.001}'),
 ('a-10001-int', 'Amount', 'Payment', NULL, NULL, '{"amount": 10001}'),
 ('a-1e5', 'Amount', 'Payment', NULL, NULL, '{"amount": 1e5}'),
 -- qty below 5 (a number; "3" is text, so NULL)
 ('q-4', 'Qty', 'Order', NULL, NULL, '{"qty": 4}'),
 ('q-4.99', 'Qty', 'Order', NULL, NULL, '{"qty": 4.99}'),
 ('q-5', 'Qty', 'Order', NULL, NULL, '{"qty": 5}'),
 ('q-string-3', 'Qty', 'Order', NULL, NULL, '{"qty": "3"}'),
 ('q-neg', 'Qty', 'Order', NULL, NULL, '{"qty": -1}'),
 -- created_date in [10:30:00Z, 10:30:00.500Z], written with offsets
 ('t-lower-offset', 'Time', 'Clock', '2024-01-15 12:30:00+02', NULL, '{}'),
 ('t-below', 'Time', 'Clock', '2024-01-15 10:29:59.999+00', NULL, '{}'),
 ('t-upper', 'Time', 'Clock', '2024-01-15 05:30:00.5-05', NULL, '{}'),
 ('t-above', 'Time', 'Clock', '2024-01-15 10:30:00.501Z', NULL, '{}'),
 ('t-micro', 'Time', 'Clock', '2024-01-15 10:30:00.499999+00', NULL, '{}'),
 ('t-null', 'Time', 'Clock', NULL, NULL, '{}'),
 -- header_data.createdDate after 2024-06-01T05:00:00Z
 ('h-after', 'Header', 'Doc', NULL, NULL, '{"createdDate": "2024-06-01T05:00:00.001Z"}'),
 ('h-equal-plus2', 'Header', 'Doc', NULL, NULL, '{"createdDate": "2024-06-01T07:00:00+02:00"}'),
 ('h-after-plus5', 'Header', 'Doc', NULL, NULL, '{"createdDate": "2024-06-01T10:00:01+05:00"}'),
 ('h-before-minus', 'Header', 'Doc', NULL, NULL, '{"createdDate": "2024-05-31T23:59:59-05:00"}'),
 ('h-garbage', 'Header', 'Doc', NULL, NULL, '{"createdDate": "not a date"}'),
 ('h-number', 'Header', 'Doc', NULL, NULL, '{"createdDate": 1717218000001}'),
 -- names: quotes, backslashes, astral characters, a regex
 ('n-quoted', 'O''Brien "quoted" \ 𝄞', 'Name', NULL, NULL, '{}'),
 ('n-quoted-near', 'O''Brien "quoted" \ 𝄞 ', 'Name', NULL, NULL, '{}'),
 ('n-backslash', 'back\slash', 'Name', NULL, NULL, '{}'),
 ('n-emoji', '😀 emoji', 'Name', NULL, NULL, '{}'),
 ('n-its', 'it''s', 'Name', NULL, NULL, '{}'),
 ('n-regex-yes', 'LoanAb12', 'Name', NULL, NULL, '{}'),
 ('n-regex-no', 'Loan12', 'Name', NULL, NULL, '{}'),
 ('n-regex-3', 'LoanAb123x', 'Name', NULL, NULL, '{}'),
 -- NULL event type, dealers
 ('x-null-type', 'NoType', NULL, NULL, NULL, '{"dealerId": "D-9"}'),
 ('x-dealer-car', 'Dealer', 'CarCreated', NULL, NULL, '{"dealerId": "D-1"}'),
 ('x-dealer-loan', 'Dealer', 'LoanCreated', NULL, NULL, '{"dealerId": "D-1"}'),
 ('x-dealer-null', 'Dealer', 'CarCreated', NULL, NULL, '{"dealerId": null}'),
 -- booleans and integer levels
 ('f-active', 'Flag', 'Flag', NULL, NULL, '{"active": true}'),
 ('f-active-text', 'Flag', 'Flag', NULL, NULL, '{"active": "true"}'),
 ('f-inactive', 'Flag', 'Flag', NULL, NULL, '{"active": false}'),
 ('f-level-3', 'Flag', 'Flag', NULL, NULL, '{"level": 3}'),
 ('f-level-2.5', 'Flag', 'Flag', NULL, NULL, '{"level": 2.5}'),
 ('f-level-text', 'Flag', 'Flag', NULL, NULL, '{"level": "3"}'),
 ('f-skip', 'SKIP me', 'Flag', NULL, NULL, '{"level": 4}');
INSERT INTO business_events SELECT id, header_data FROM r;
INSERT INTO event_headers SELECT * FROM r;

-- The columns beyond the seed's (tests/e2e/filters/e2e.yaml, e2e-extra-*): a
-- numeric at and around a boundary and at its precision, an integer, a
-- boolean and a timestamp without time zone (epoch milliseconds on the wire).
INSERT INTO business_events VALUES ('c-1', '{}'), ('c-2', '{}'), ('c-3', '{}'), ('c-4', '{}');
INSERT INTO event_headers (id, event_name, event_type, header_data, amount, priority, flagged, updated_local)
VALUES ('c-1', 'Extra', 'Extra', '{}', 100.50, 1, true, '2024-03-01 12:00:00.123'),
       ('c-2', 'Extra', 'Extra', '{}', 100.51, 3, false, '2024-03-01 12:00:00'),
       ('c-3', 'Extra', 'Extra', '{}', 9999999999.99, 5, true, NULL),
       ('c-4', 'Extra', 'Extra', '{}', NULL, NULL, NULL, '2024-02-29 23:59:59.999');

-- Updates (__op "u"): across boundaries, and a change of name.
UPDATE event_headers SET header_data = '{"amount": 500}' WHERE id = 'a-99.999';
UPDATE event_headers SET header_data = '{"amount": 99}' WHERE id = 'a-1000.5';
UPDATE event_headers SET event_name = 'back\slash' WHERE id = 'n-regex-no';
UPDATE event_headers SET event_type = 'CarCreated', header_data = '{"dealerId": "D-2"}' WHERE id = 'x-null-type';
UPDATE event_headers SET created_date = '2024-01-15T10:30:00.25Z' WHERE id = 't-null';

-- Deletes (__op "d", __deleted "true"; with the table's default replica
-- identity only the key of the old row reaches the event).
DELETE FROM event_headers WHERE id IN ('f-active', 's-pay', 'f-skip');

-- Per-key order: 20 rows of level 3 (routed by e2e-flags at every step), each
-- changed three times; every filtered topic must hold a key's changes in this
-- order, on the partition of the key.
INSERT INTO business_events SELECT 'o-' || i, '{}' FROM generate_series(1, 20) AS i;
INSERT INTO event_headers SELECT 'o-' || i, 'Step 1', 'Step', NULL, NULL, '{"level": 3}'
FROM generate_series(1, 20) AS i;
UPDATE event_headers SET event_name = 'Step 2' WHERE id LIKE 'o-%';
UPDATE event_headers SET event_name = 'Step 3', header_data = '{"level": 4}' WHERE id LIKE 'o-%';
UPDATE event_headers SET event_name = 'Step 4' WHERE id LIKE 'o-%';
