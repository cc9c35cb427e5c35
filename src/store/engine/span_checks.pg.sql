-- Glossator on a team server: what the foreign keys of a span to its layer
-- and its label would check, done once per statement (schema.pg.sql says
-- why). Installed after schema.pg.sql; an earlier server's project gets it
-- from `glossator upgrade URL` (src/store/upgrade_server.rs).
--
-- Foreign keys run as the tables' owner, unseen by row-level security; so do
-- these functions (SECURITY DEFINER). Their search path is the project's
-- schema, then pg_temp last, so that no caller's temporary table stands in
-- for ours, and the notification triggers a cascade fires find their
-- functions. Writes are READ COMMITTED (src/store/engine/pg.rs), where each
-- query below sees what others committed before it began.
--
-- Inserted or changed spans: their layers and labels are locked as a
-- foreign key's check locks them (FOR KEY SHARE: another transaction cannot
-- delete them until this one ends), then each span must find both.
CREATE FUNCTION glossator_check_span_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    orphan RECORD;
BEGIN
    -- An update that moves no span to another layer or label (a note, an
    -- offset, a time: most of them) needs no check, as a foreign key skips
    -- its own when the key did not change.
    -- (Nested: an insert has no old_spans, and a query naming it fails.)
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (
            SELECT 1 FROM new_spans n
            WHERE NOT EXISTS (SELECT 1 FROM old_spans o
                              WHERE o.document_id = n.document_id
                                AND o.annotator_id = n.annotator_id
                                AND o.label_id = n.label_id)) THEN
            RETURN NULL;
        END IF;
    END IF;
    PERFORM 1 FROM public.layers l
        WHERE (l.document_id, l.annotator_id) IN (SELECT document_id, annotator_id FROM new_spans)
        FOR KEY SHARE;
    PERFORM 1 FROM public.labels l WHERE l.id IN (SELECT label_id FROM new_spans) FOR KEY SHARE;
    SELECT s.document_id, s.annotator_id INTO orphan FROM new_spans s
        WHERE NOT EXISTS (SELECT 1 FROM public.layers l
                          WHERE l.document_id = s.document_id AND l.annotator_id = s.annotator_id)
        LIMIT 1;
    IF FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'a span refers to a layer that does not exist',
            DETAIL = format('Key (document_id, annotator_id)=(%s, %s) is not present in table "layers".',
                            orphan.document_id, orphan.annotator_id),
            TABLE = 'spans';
    END IF;
    SELECT s.label_id INTO orphan FROM new_spans s
        WHERE NOT EXISTS (SELECT 1 FROM public.labels l WHERE l.id = s.label_id)
        LIMIT 1;
    IF FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'a span refers to a label that does not exist',
            DETAIL = format('Key (label_id)=(%s) is not present in table "labels".', orphan.label_id),
            TABLE = 'spans';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER check_references_insert AFTER INSERT ON spans
    REFERENCING NEW TABLE AS new_spans
    FOR EACH STATEMENT EXECUTE FUNCTION glossator_check_span_references();
CREATE TRIGGER check_references_update AFTER UPDATE ON spans
    REFERENCING OLD TABLE AS old_spans NEW TABLE AS new_spans
    FOR EACH STATEMENT EXECUTE FUNCTION glossator_check_span_references();

-- The two below see spans other transactions committed only in READ
-- COMMITTED (each query a fresh snapshot); in REPEATABLE READ or
-- SERIALIZABLE they could miss a span inserted since the transaction began,
-- where a foreign key would raise a serialization failure. So do they.
CREATE FUNCTION glossator_require_read_committed() RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE serialization_failure USING
            MESSAGE = 'layers and labels are deleted in READ COMMITTED transactions '
                      '(the checks of their spans need it)',
            HINT = 'run the statement in a READ COMMITTED transaction, as Glossator does';
    END IF;
END;
$$;

-- Deleted layers take their spans with them (ON DELETE CASCADE); a span's
-- relations and attributes follow through their own foreign keys. A layer
-- waits for the transactions that locked it above, so the spans they
-- inserted are seen here and deleted too.
CREATE FUNCTION glossator_delete_layer_spans() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM glossator_require_read_committed();
    DELETE FROM public.spans s USING old_layers o
        WHERE s.document_id = o.document_id AND s.annotator_id = o.annotator_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER delete_spans AFTER DELETE ON layers
    REFERENCING OLD TABLE AS old_layers
    FOR EACH STATEMENT EXECUTE FUNCTION glossator_delete_layer_spans();

-- A label that spans still carry cannot be deleted (the store moves them
-- to another label first, or refuses: StoreError::LabelInUse).
CREATE FUNCTION glossator_keep_used_labels() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    used BIGINT;
BEGIN
    PERFORM glossator_require_read_committed();
    SELECT o.id INTO used FROM old_labels o
        WHERE EXISTS (SELECT 1 FROM public.spans s WHERE s.label_id = o.id)
        LIMIT 1;
    IF FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'a label that spans carry cannot be deleted',
            DETAIL = format('Key (id)=(%s) is still referenced from table "spans".', used),
            TABLE = 'labels';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER keep_used_labels AFTER DELETE ON labels
    REFERENCING OLD TABLE AS old_labels
    FOR EACH STATEMENT EXECUTE FUNCTION glossator_keep_used_labels();

-- The keys spans refer to never change: a layer's document and annotator,
-- a label's id.
CREATE FUNCTION glossator_refuse_key_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE foreign_key_violation USING
        MESSAGE = format('the key of a row of %s never changes (spans refer to it)', TG_TABLE_NAME),
        TABLE = TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER keep_key BEFORE UPDATE OF document_id, annotator_id ON layers
    FOR EACH ROW WHEN (OLD.document_id <> NEW.document_id OR OLD.annotator_id <> NEW.annotator_id)
    EXECUTE FUNCTION glossator_refuse_key_change();
CREATE TRIGGER keep_key BEFORE UPDATE OF id ON labels
    FOR EACH ROW WHEN (OLD.id <> NEW.id)
    EXECUTE FUNCTION glossator_refuse_key_change();
