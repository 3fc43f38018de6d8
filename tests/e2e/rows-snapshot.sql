-- Rows that exist before the connector starts: Debezium's initial snapshot
-- reads them (__op "r"). The seed system's four sample events, and a fifth
-- whose CarCreated row the project's own filters must not route (op r, not c).
CREATE TEMP TABLE r (LIKE event_headers);
INSERT INTO r VALUES
 ('test-car-001', 'CarCreated', 'CarCreated', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z',
  '{"uuid":"test-car-001","eventName":"CarCreated","eventType":"CarCreated","createdDate":"2024-01-15T10:30:00Z","savedDate":"2024-01-15T10:30:05Z"}'),
 ('test-loan-001', 'LoanCreated', 'LoanCreated', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z',
  '{"uuid":"test-loan-001","eventName":"LoanCreated","eventType":"LoanCreated","createdDate":"2024-01-15T10:30:00Z","savedDate":"2024-01-15T10:30:05Z"}'),
 ('test-payment-001', 'LoanPaymentSubmitted', 'LoanPaymentSubmitted', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z',
  '{"uuid":"test-payment-001","eventName":"LoanPaymentSubmitted","eventType":"LoanPaymentSubmitted","createdDate":"2024-01-15T10:30:00Z","savedDate":"2024-01-15T10:30:05Z"}'),
 ('test-service-001', 'CarServiceDone', 'CarServiceDone', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z',
  '{"uuid":"test-service-001","eventName":"CarServiceDone","eventType":"CarServiceDone","createdDate":"2024-01-15T10:30:00Z","savedDate":"2024-01-15T10:30:05Z"}'),
 ('snap-big', 'CarCreated', 'CarCreated', '2024-01-15 12:30:00+02', NULL,
  '{"amount": 25000.5, "dealerId": "D-1", "level": 3}');
INSERT INTO business_events SELECT id, header_data FROM r;
INSERT INTO event_headers SELECT * FROM r;
