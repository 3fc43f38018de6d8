-- Rows written while the Flink job and the Kafka Streams application are
-- stopped: they must be routed once the engines are back.
CREATE TEMP TABLE r (LIKE event_headers);
INSERT INTO r VALUES
 ('r-car', 'CarCreated', 'CarCreated', '2024-02-01T00:00:00+01:00', NULL, '{"amount": 150}'),
 ('r-loan', 'LoanCreated', 'LoanCreated', NULL, NULL, '{"amount": 20000, "dealerId": "D-3"}'),
 ('r-service', 'CarServiceDone', 'CarServiceDone', NULL, NULL, '{"level": 7}'),
 ('r-astral', 'LoanXy99', '𝄞', '2024-01-15 10:30:00.1+00', NULL, '{"qty": 1, "createdDate": "2025-01-01T00:00:00Z"}'),
 ('r-null', 'Nothing', NULL, NULL, NULL, '{}');
INSERT INTO business_events SELECT id, header_data FROM r;
INSERT INTO event_headers SELECT * FROM r;
UPDATE event_headers SET header_data = '{"amount": 1000}' WHERE id = 'a-1000.51';
DELETE FROM event_headers WHERE id = 'q-4';
