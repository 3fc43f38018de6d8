-- The source tables of the pipeline (the seed system's event_headers and business_events).
-- event_headers is the captured table; business_events holds the full event (event_data) and is
-- referenced by event_headers.id.
CREATE TABLE business_events (
    id VARCHAR(255) PRIMARY KEY,
    event_data JSONB NOT NULL
);

CREATE TABLE event_headers (
    id VARCHAR(255) PRIMARY KEY,
    event_name VARCHAR(255) NOT NULL,
    event_type VARCHAR(255),
    created_date TIMESTAMP WITH TIME ZONE,
    saved_date TIMESTAMP WITH TIME ZONE,
    header_data JSONB NOT NULL,  -- {uuid, eventName, eventType, createdDate, savedDate, ...}
    -- Columns beyond the seed's: the run's schema file is pulled from this table
    -- (cdcgen schema pull), filters read them, and every engine carries them whole.
    amount NUMERIC(12, 2),
    priority INTEGER,
    flagged BOOLEAN DEFAULT false,
    updated_local TIMESTAMP WITHOUT TIME ZONE,
    CONSTRAINT fk_event_headers_business_events
        FOREIGN KEY (id) REFERENCES business_events(id) ON DELETE CASCADE
);
