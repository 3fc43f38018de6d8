-- A bulk of :rows inserts for the throughput figure (psql -v rows=N): types,
-- instants and header_data numbers (integers and halves) spread so that
-- every filter routes a share of them.
INSERT INTO business_events SELECT 'bulk-' || i, '{}' FROM generate_series(1, :rows) AS i;
INSERT INTO event_headers
SELECT 'bulk-' || i,
       CASE WHEN i % 7 = 0 THEN 'LoanAb' || lpad((i % 100)::text, 2, '0') ELSE 'Bulk ' || i END,
       (ARRAY['CarCreated', 'LoanCreated', 'LoanPaymentSubmitted', 'CarServiceDone', NULL])[1 + i % 5],
       '2024-01-15T10:29:59.750Z'::timestamptz + (i % 1000) * interval '1 ms',
       NULL,
       jsonb_build_object('amount', CASE WHEN i % 2 = 0 THEN (i % 25000)::numeric ELSE (i % 2500) * 0.5 END,
                          'qty', i % 7,
                          'level', i % 5,
                          'active', i % 3 = 0,
                          'createdDate', to_char(timestamp '2024-05-31 23:00:00' + (i % 240) * interval '1 minute',
                                                 'YYYY-MM-DD"T"HH24:MI:SS') || '-05:00')
FROM generate_series(1, :rows) AS i;
