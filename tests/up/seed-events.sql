-- The seed system's four sample events (shared/seed-data/raw-event-*.json), inserted
-- into a running stack (make up): each reaches the topics of one of the seed's four
-- consumers (car-consumer, loan-consumer,
-- loan-payment-consumer, service-consumer).
-- psql -f tests/up/seed-events.sql, with the psql command make up prints.
BEGIN;
INSERT INTO event_headers (id, event_name, event_type, created_date, saved_date, header_data) VALUES
 ('test-car-001', 'CarCreated', 'CarCreated', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z',
  '{"uuid":"test-car-001","eventName":"CarCreated","eventType":"CarCreated","createdDate":"2024-01-15T10:30:00Z","savedDate":"2024-01-15T10:30:05Z"}'),
 ('test-loan-001', 'LoanCreated', 'LoanCreated', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z',
  '{"uuid":"test-loan-001","eventName":"LoanCreated","eventType":"LoanCreated","createdDate":"2024-01-15T10:30:00Z","savedDate":"2024-01-15T10:30:05Z"}'),
 ('test-payment-001', 'LoanPaymentSubmitted', 'LoanPaymentSubmitted', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z',
  '{"uuid":"test-payment-001","eventName":"LoanPaymentSubmitted","eventType":"LoanPaymentSubmitted","createdDate":"2024-01-15T10:30:00Z","savedDate":"2024-01-15T10:30:05Z"}'),
 ('test-service-001', 'CarServiceDone', 'CarServiceDone', '2024-01-15T10:30:00Z', '2024-01-15T10:30:05Z',
  '{"uuid":"test-service-001","eventName":"CarServiceDone","eventType":"CarServiceDone","createdDate":"2024-01-15T10:30:00Z","savedDate":"2024-01-15T10:30:05Z"}');
COMMIT;
