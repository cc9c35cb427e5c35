-- Glossator on a team server: who may write what (row-level security) and the
-- notifications an open app listens for. Installed with schema.pg.sql, in the
-- same transaction, by glossator::store::server::install_schema. The roles
-- themselves (one LOGIN role per annotator, named as the annotator; a
-- curators group and a team group per project database) and the GRANTs are
-- made by `glossator init-server` (src/store/server/team.rs), which writes the
-- curators group's name into project_meta ('curators_role').
--
-- Who may do what, for a role that is neither the tables' owner nor a
-- superuser (those bypass row-level security: they administer the project):
--   every member of the team reads documents, the label schema, annotators,
--       assignments and project_meta;
--   an annotator inserts, changes and deletes only the layers, spans,
--       relations, span attributes (and notes, a column of spans and
--       relations) and suggestions of their own annotator (the row of
--       `annotators` whose name is their role name), never those of 'gold';
--   an annotator reads other annotators' layers only when project_meta has
--       see_other_layers = 'true' (blind by default);
--   curators (members of the curators group) read and write everything:
--       documents, assignments, the schema, gold and every layer;
--   an annotator may add themselves to `annotators` (the first edit makes
--       their row) and set a document's text direction (a shared view
--       choice, project_meta keys 'text_direction:<id>').
--
-- Every function below names its tables with their schema (public.): a policy
-- runs with the caller's search_path, and a hostile caller could otherwise put
-- a temporary table named project_meta first in it.

-- The annotator the connected role writes as: the row named as the role;
-- NULL for a role with no row and for a role named 'gold' (gold is written
-- by curators only).
CREATE FUNCTION glossator_my_annotator_id() RETURNS BIGINT
LANGUAGE sql STABLE AS $$
    SELECT id FROM public.annotators WHERE name = current_user AND name <> 'gold'
$$;

-- Whether the connected role is a member of this project's curators group.
CREATE FUNCTION glossator_is_curator() RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(
        (SELECT pg_has_role(current_user, value, 'MEMBER')
         FROM public.project_meta WHERE key = 'curators_role'
           AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = value)),
        false)
$$;

-- Whether annotators may read each other's layers (set by a curator).
CREATE FUNCTION glossator_sees_other_layers() RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(
        (SELECT value = 'true' FROM public.project_meta WHERE key = 'see_other_layers'),
        false)
$$;

CREATE FUNCTION glossator_may_write_layer(layer_annotator BIGINT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT layer_annotator = glossator_my_annotator_id() OR glossator_is_curator()
$$;

CREATE FUNCTION glossator_may_read_layer(layer_annotator BIGINT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT glossator_may_write_layer(layer_annotator) OR glossator_sees_other_layers()
$$;

-- Tables everyone reads and only curators write.
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE labels ENABLE ROW LEVEL SECURITY;
ALTER TABLE attribute_defs ENABLE ROW LEVEL SECURITY;
ALTER TABLE attribute_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE relation_rules ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON documents FOR SELECT USING (true);
CREATE POLICY curators_write ON documents USING (glossator_is_curator());
CREATE POLICY team_reads ON assignments FOR SELECT USING (true);
CREATE POLICY curators_write ON assignments USING (glossator_is_curator());
CREATE POLICY team_reads ON labels FOR SELECT USING (true);
CREATE POLICY curators_write ON labels USING (glossator_is_curator());
CREATE POLICY team_reads ON attribute_defs FOR SELECT USING (true);
CREATE POLICY curators_write ON attribute_defs USING (glossator_is_curator());
CREATE POLICY team_reads ON attribute_values FOR SELECT USING (true);
CREATE POLICY curators_write ON attribute_values USING (glossator_is_curator());
CREATE POLICY team_reads ON relation_rules FOR SELECT USING (true);
CREATE POLICY curators_write ON relation_rules USING (glossator_is_curator());

-- project_meta: curators write it; annotators only a document's text
-- direction (the schema version, the curators group and the visibility
-- switch are curators' alone).
ALTER TABLE project_meta ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON project_meta FOR SELECT USING (true);
CREATE POLICY curators_write ON project_meta USING (glossator_is_curator());
CREATE POLICY text_direction_insert ON project_meta FOR INSERT
    WITH CHECK (key LIKE 'text\_direction:%');
CREATE POLICY text_direction_update ON project_meta FOR UPDATE
    USING (key LIKE 'text\_direction:%') WITH CHECK (key LIKE 'text\_direction:%');

-- annotators: an annotator adds only their own row.
ALTER TABLE annotators ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON annotators FOR SELECT USING (true);
CREATE POLICY curators_write ON annotators USING (glossator_is_curator());
CREATE POLICY add_myself ON annotators FOR INSERT
    WITH CHECK (name = current_user AND name <> 'gold');

-- Layers and what they hold.
ALTER TABLE layers ENABLE ROW LEVEL SECURITY;
CREATE POLICY layer_reads ON layers FOR SELECT
    USING (glossator_may_read_layer(annotator_id));
CREATE POLICY layer_writes ON layers
    USING (glossator_may_write_layer(annotator_id))
    WITH CHECK (glossator_may_write_layer(annotator_id));

ALTER TABLE spans ENABLE ROW LEVEL SECURITY;
CREATE POLICY layer_reads ON spans FOR SELECT
    USING (glossator_may_read_layer(annotator_id));
CREATE POLICY layer_writes ON spans
    USING (glossator_may_write_layer(annotator_id))
    WITH CHECK (glossator_may_write_layer(annotator_id));

-- A relation's ends must be spans of its own layer: foreign keys are checked
-- without row-level security, so without this an annotator could tie their
-- relation to another annotator's span by guessing its id.
ALTER TABLE relations ENABLE ROW LEVEL SECURITY;
CREATE POLICY layer_reads ON relations FOR SELECT
    USING (glossator_may_read_layer(annotator_id));
CREATE POLICY layer_writes ON relations
    USING (glossator_may_write_layer(annotator_id))
    WITH CHECK (
        glossator_may_write_layer(annotator_id)
        AND EXISTS (SELECT 1 FROM public.spans s WHERE s.id = from_span_id
                    AND s.document_id = relations.document_id
                    AND s.annotator_id = relations.annotator_id)
        AND EXISTS (SELECT 1 FROM public.spans s WHERE s.id = to_span_id
                    AND s.document_id = relations.document_id
                    AND s.annotator_id = relations.annotator_id));

ALTER TABLE span_attributes ENABLE ROW LEVEL SECURITY;
CREATE POLICY layer_reads ON span_attributes FOR SELECT
    USING (EXISTS (SELECT 1 FROM public.spans s WHERE s.id = span_id
                   AND glossator_may_read_layer(s.annotator_id)));
CREATE POLICY layer_writes ON span_attributes
    USING (EXISTS (SELECT 1 FROM public.spans s WHERE s.id = span_id
                   AND glossator_may_write_layer(s.annotator_id)))
    WITH CHECK (EXISTS (SELECT 1 FROM public.spans s WHERE s.id = span_id
                        AND glossator_may_write_layer(s.annotator_id)));

-- Suggestions are one annotator's own (curators see all).
ALTER TABLE suggestions ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_suggestions ON suggestions
    USING (annotator_id = glossator_my_annotator_id() OR glossator_is_curator())
    WITH CHECK (annotator_id = glossator_my_annotator_id() OR glossator_is_curator());

-- Curation: only curators decide about candidates and write gold's
-- provenance; provenance is read with its gold span or relation.
ALTER TABLE gold_span_provenance ENABLE ROW LEVEL SECURITY;
CREATE POLICY layer_reads ON gold_span_provenance FOR SELECT
    USING (EXISTS (SELECT 1 FROM public.spans s WHERE s.id = span_id
                   AND glossator_may_read_layer(s.annotator_id)));
CREATE POLICY curators_write ON gold_span_provenance USING (glossator_is_curator());
ALTER TABLE gold_relation_provenance ENABLE ROW LEVEL SECURITY;
CREATE POLICY layer_reads ON gold_relation_provenance FOR SELECT
    USING (EXISTS (SELECT 1 FROM public.relations r WHERE r.id = relation_id
                   AND glossator_may_read_layer(r.annotator_id)));
CREATE POLICY curators_write ON gold_relation_provenance USING (glossator_is_curator());
ALTER TABLE curation_span_decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON curation_span_decisions FOR SELECT USING (true);
CREATE POLICY curators_write ON curation_span_decisions USING (glossator_is_curator());
ALTER TABLE curation_relation_decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON curation_relation_decisions FOR SELECT USING (true);
CREATE POLICY curators_write ON curation_relation_decisions USING (glossator_is_curator());
-- The progress counts are a cache any member may refresh (the document list
-- stores what it counted); they hold no annotation.
ALTER TABLE curation_progress ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_cache ON curation_progress USING (true) WITH CHECK (true);

-- ---------------------------------------------------------------------------
-- Live changes. Every committed write to a table an open app shows sends, on
-- the channel `glossator_changes` of the project database, one notification
-- per changed layer (at most 100 per statement, then one for all) or per
-- changed table, with a JSON payload:
--   {"kind": "layer" | "document" | "schema" | "project",
--    "table": "spans", "change": "insert" | "update" | "delete",
--    "document_id": 12 | null, "annotator_id": 3 | null}
-- kind 'layer' (layers, spans, relations, span_attributes) names the layer:
-- document_id and annotator_id, both null when one statement changed more
-- than 100 layers (read every layer again). 'document' (documents,
-- assignments), 'schema' (labels, attribute_defs, attribute_values,
-- relation_rules) and 'project' (project_meta, annotators) name no row.
-- PostgreSQL delivers them at commit, never for a rolled-back transaction,
-- and drops duplicates within one transaction. A listener reads its own
-- session's notifications too: the server process id that sent each one
-- tells them apart. The payload says who changed which document, never what:
-- a blind annotator's app learns that ben's layer of document 12 changed.
-- Statement-level triggers with a transition table (changed_rows): a bulk
-- import is one notification, not one per row, and a statement that changed
-- no row sends none.
CREATE FUNCTION glossator_send_change(
    kind TEXT, table_name TEXT, change TEXT, document_id BIGINT, annotator_id BIGINT
) RETURNS VOID
LANGUAGE sql AS $$
    SELECT pg_notify('glossator_changes', json_build_object(
        'kind', kind, 'table', table_name, 'change', change,
        'document_id', document_id, 'annotator_id', annotator_id)::text)
$$;

-- Sends one notification per layer in `layers` (document_id, annotator_id
-- pairs, at most 101 of them), or one for all when there are more than 100.
CREATE FUNCTION glossator_send_layer_changes(
    table_name TEXT, change TEXT, layers BIGINT[][]
) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
    layer_count INT := COALESCE(array_length(layers, 1), 0);
BEGIN
    IF layer_count > 100 THEN
        PERFORM glossator_send_change('layer', table_name, change, NULL, NULL);
        RETURN;
    END IF;
    FOR i IN 1 .. layer_count LOOP
        PERFORM glossator_send_change('layer', table_name, change, layers[i][1], layers[i][2]);
    END LOOP;
END;
$$;

-- Layers, spans and relations: the layers the statement changed.
CREATE FUNCTION glossator_notify_layer_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM glossator_send_layer_changes(TG_TABLE_NAME, lower(TG_OP), ARRAY(
        SELECT DISTINCT ARRAY[document_id, annotator_id] FROM changed_rows LIMIT 101));
    RETURN NULL;
END;
$$;

-- Span attributes: the layers of their spans (a span deleted with its
-- attributes has already been announced by the spans trigger).
CREATE FUNCTION glossator_notify_span_attribute_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM glossator_send_layer_changes(TG_TABLE_NAME, lower(TG_OP), ARRAY(
        SELECT DISTINCT ARRAY[s.document_id, s.annotator_id]
        FROM changed_rows c JOIN public.spans s ON s.id = c.span_id LIMIT 101));
    RETURN NULL;
END;
$$;

-- Other tables: one notification per statement that changed a row; the kind
-- is the trigger's argument.
CREATE FUNCTION glossator_notify_table_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed_rows) THEN
        PERFORM glossator_send_change(TG_ARGV[0], TG_TABLE_NAME, lower(TG_OP), NULL, NULL);
    END IF;
    RETURN NULL;
END;
$$;

-- One trigger per table and kind of change (a transition table serves one event).
CREATE TRIGGER notify_insert AFTER INSERT ON layers
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_update AFTER UPDATE ON layers
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_delete AFTER DELETE ON layers
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_insert AFTER INSERT ON spans
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_update AFTER UPDATE ON spans
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_delete AFTER DELETE ON spans
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_insert AFTER INSERT ON relations
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_update AFTER UPDATE ON relations
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_delete AFTER DELETE ON relations
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_layer_change();
CREATE TRIGGER notify_insert AFTER INSERT ON span_attributes
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_span_attribute_change();
CREATE TRIGGER notify_update AFTER UPDATE ON span_attributes
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_span_attribute_change();
CREATE TRIGGER notify_delete AFTER DELETE ON span_attributes
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_span_attribute_change();
CREATE TRIGGER notify_insert AFTER INSERT ON documents
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('document');
CREATE TRIGGER notify_update AFTER UPDATE ON documents
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('document');
CREATE TRIGGER notify_delete AFTER DELETE ON documents
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('document');
CREATE TRIGGER notify_insert AFTER INSERT ON assignments
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('document');
CREATE TRIGGER notify_update AFTER UPDATE ON assignments
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('document');
CREATE TRIGGER notify_delete AFTER DELETE ON assignments
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('document');
CREATE TRIGGER notify_insert AFTER INSERT ON labels
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_update AFTER UPDATE ON labels
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_delete AFTER DELETE ON labels
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_insert AFTER INSERT ON attribute_defs
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_update AFTER UPDATE ON attribute_defs
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_delete AFTER DELETE ON attribute_defs
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_insert AFTER INSERT ON attribute_values
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_update AFTER UPDATE ON attribute_values
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_delete AFTER DELETE ON attribute_values
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_insert AFTER INSERT ON relation_rules
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_update AFTER UPDATE ON relation_rules
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_delete AFTER DELETE ON relation_rules
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('schema');
CREATE TRIGGER notify_insert AFTER INSERT ON project_meta
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('project');
CREATE TRIGGER notify_update AFTER UPDATE ON project_meta
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('project');
CREATE TRIGGER notify_delete AFTER DELETE ON project_meta
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('project');
CREATE TRIGGER notify_insert AFTER INSERT ON annotators
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('project');
CREATE TRIGGER notify_update AFTER UPDATE ON annotators
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('project');
CREATE TRIGGER notify_delete AFTER DELETE ON annotators
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION glossator_notify_table_change('project');
