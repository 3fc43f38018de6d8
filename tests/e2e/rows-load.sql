-- One tick of the load tests/e2e/run.sh keeps writing while it rolls out
-- tests/e2e/filters-v2/ (psql -v tick=N, a new N each time): a row on each
-- side of every change between filters/ and filters-v2/, so that every kind
-- of change routes events before and after the switch-over point R.
--   amount 300 (both versions), 700 (the old between only: narrowed)
--   qty 3 (both), 7 (the new lessThan 10 only: widened)
--   no event type (the removed e2e-type-null)
--   a dealer and a type of its own (e2e-dealer, moved to another topic)
--   level 4 and 2 (the added e2e-level-high, and not)
-- and an update of the tick's first row (a second event of its key).
CREATE TEMP TABLE r (LIKE event_headers);
INSERT INTO r (id, event_name, event_type, header_data) VALUES
 ('load-' || :tick || '-a300', 'Load', 'Payment', '{"amount": 300, "level": 2}'),
 ('load-' || :tick || '-a700', 'Load', 'Payment', '{"amount": 700, "level": 4}'),
 ('load-' || :tick || '-q3', 'Load', 'Order', '{"qty": 3}'),
 ('load-' || :tick || '-q7', 'Load', 'Order', '{"qty": 7, "level": 5}'),
 ('load-' || :tick || '-null', 'Load', NULL, '{"level": 4}'),
 ('load-' || :tick || '-dealer', 'Load', 'Dealer', ('{"dealerId": "D-' || :tick || '"}')::jsonb);
INSERT INTO business_events SELECT id, header_data FROM r;
INSERT INTO event_headers SELECT * FROM r;
UPDATE event_headers SET header_data = '{"amount": 450, "qty": 9}' WHERE id = 'load-' || :tick || '-a300';
