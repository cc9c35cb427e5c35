//! Changes to the label schema: rename, recolour, shortcuts, order, removal
//! (with the annotations relabelled), attributes and relation rules.

use super::engine::{params, OptionalExtension};

use super::read::Conn;
use super::{Reader, StoreError, Tx};
use crate::model::{LabelId, LabelKind, Schema};

/// How many annotations use a label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LabelUsage {
    pub spans: usize,
    pub relations: usize,
}

impl LabelUsage {
    pub fn total(self) -> usize {
        self.spans + self.relations
    }
}

/// Rows a label removal moves between two progress reports.
const MOVE_CHUNK_ROWS: usize = 50_000;

impl Tx<'_> {
    pub fn rename_label(&self, id: LabelId, name: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE labels SET name = ?2 WHERE id = ?1")?
            .execute(params![id.0, name])?;
        Ok(())
    }

    pub fn set_label_color(&self, id: LabelId, color: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE labels SET color = ?2 WHERE id = ?1")?
            .execute(params![id.0, color])?;
        Ok(())
    }

    pub fn set_label_shortcut(
        &self,
        id: LabelId,
        shortcut: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE labels SET shortcut = ?2 WHERE id = ?1")?
            .execute(params![id.0, shortcut])?;
        Ok(())
    }

    /// Exchanges the places of two labels in their kind's order.
    pub fn swap_label_order(&self, a: LabelId, b: LabelId) -> Result<(), StoreError> {
        let order = |id: LabelId| -> Result<i64, StoreError> {
            Ok(self
                .conn()
                .prepare_cached("SELECT sort_order FROM labels WHERE id = ?1")?
                .query_row([id.0], |r| r.get(0))?)
        };
        let (order_a, order_b) = (order(a)?, order(b)?);
        let set = self
            .conn()
            .prepare_cached("UPDATE labels SET sort_order = ?2 WHERE id = ?1");
        let mut set = set?;
        set.execute(params![a.0, order_b])?;
        set.execute(params![b.0, order_a])?;
        Ok(())
    }

    /// Removes a label. Its annotations move to `replacement` when given;
    /// a label still in use without one is refused.
    pub fn remove_label(
        &self,
        id: LabelId,
        replacement: Option<LabelId>,
    ) -> Result<(), StoreError> {
        self.remove_label_with_progress(id, replacement, &mut |_, _| {})
    }

    /// [`Tx::remove_label`], telling `progress` how many of the label's spans
    /// and relations have moved (of how many) as it goes: moving a million
    /// takes seconds, which the app shows as a progress bar.
    pub fn remove_label_with_progress(
        &self,
        id: LabelId,
        replacement: Option<LabelId>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), StoreError> {
        let usage = self.label_usage(id)?;
        match replacement {
            Some(other) => self.move_to_label(id, other, usage, progress)?,
            None if usage.total() > 0 => {
                return Err(StoreError::LabelInUse {
                    spans: usage.spans,
                    relations: usage.relations,
                })
            }
            None => {}
        }
        self.conn()
            .prepare_cached("DELETE FROM labels WHERE id = ?1")?
            .execute([id.0])?;
        Ok(())
    }

    /// Everything labelled `id` takes `other` instead, before `id` goes:
    /// spans get `other`'s attributes (values it offers kept, the rest
    /// its defaults: nothing hidden goes on into exports), relation rules
    /// naming a span label name its replacement (deleting them would turn a
    /// type allowed only for it into one that joins anything), and a
    /// relation type with rules takes on the pairs of the type it absorbs.
    fn move_to_label(
        &self,
        id: LabelId,
        other: LabelId,
        usage: LabelUsage,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), StoreError> {
        let schema = self.schema()?;
        // The attributes count as the first tenth of the work.
        let total = usage.total() + usage.total() / 10;
        progress(0, total);
        self.map_moved_attributes(&schema, id, other)?;
        let mut done = usage.total() / 10;
        progress(done, total);
        // In chunks (through the label index), so progress can be told.
        for table in ["spans", "relations"] {
            let mut chunk = self.conn().prepare_cached(&format!(
                "UPDATE {table} SET label_id = ?2 WHERE id IN
                 (SELECT id FROM {table} WHERE label_id = ?1 LIMIT {MOVE_CHUNK_ROWS})"
            ))?;
            loop {
                let moved = chunk.execute(params![id.0, other.0])?;
                if moved == 0 {
                    break;
                }
                done += moved;
                progress(done.min(total), total);
            }
        }
        self.conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO relation_rules (relation_label_id, from_label_id, to_label_id)
                 SELECT relation_label_id,
                        CASE from_label_id WHEN ?1 THEN ?2 ELSE from_label_id END,
                        CASE to_label_id WHEN ?1 THEN ?2 ELSE to_label_id END
                 FROM relation_rules WHERE from_label_id = ?1 OR to_label_id = ?1",
            )?
            .execute(params![id.0, other.0])?;
        // A type without rules joins anything already: adding pairs would
        // narrow it.
        if schema.rules.iter().any(|r| r.relation == other) {
            self.conn()
                .prepare_cached(
                    "INSERT OR IGNORE INTO relation_rules (relation_label_id, from_label_id, to_label_id)
                     SELECT ?2, from_label_id, to_label_id FROM relation_rules
                     WHERE relation_label_id = ?1",
                )?
                .execute(params![id.0, other.0])?;
        }
        Ok(())
    }

    /// The attributes of the spans labelled `id` as
    /// [`Schema::attributes_after_relabel`] makes them for `other`, set-wise:
    /// a label can have hundreds of thousands of spans but only a few
    /// distinct values, so the model judges each value once and SQL applies
    /// the verdict to every span.
    fn map_moved_attributes(
        &self,
        schema: &Schema,
        id: LabelId,
        other: LabelId,
    ) -> Result<(), StoreError> {
        const MOVED: &str = "span_id IN (SELECT id FROM spans WHERE label_id = ?1)";
        let pairs: Vec<(String, String)> = self
            .conn()
            .prepare(&format!(
                "SELECT DISTINCT name, value FROM span_attributes WHERE {MOVED} ORDER BY name, value"
            ))?
            .query_map([id.0], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut drop_name = self.conn().prepare(&format!(
            "DELETE FROM span_attributes WHERE {MOVED} AND name = ?2"
        ))?;
        let mut drop_value = self.conn().prepare(&format!(
            "DELETE FROM span_attributes WHERE {MOVED} AND name = ?2 AND value = ?3"
        ))?;
        let mut dropped_names = Vec::new();
        for (name, value) in &pairs {
            if schema.attribute_fits(other, name, value) || dropped_names.contains(&name) {
                continue;
            }
            if schema.attributes_of(other).any(|a| &a.name == name) {
                drop_value.execute(params![id.0, name, value])?;
            } else {
                drop_name.execute(params![id.0, name])?;
                dropped_names.push(name);
            }
        }
        // Defaults where no kept value is: INSERT OR IGNORE keeps those.
        let mut add_default = self.conn().prepare(
            "INSERT OR IGNORE INTO span_attributes (span_id, name, value)
             SELECT id, ?2, ?3 FROM spans WHERE label_id = ?1",
        )?;
        for (name, value) in schema.default_attributes(other) {
            add_default.execute(params![id.0, name, value])?;
        }
        Ok(())
    }

    pub fn remove_attribute_def(&self, label: LabelId, name: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("DELETE FROM span_attributes WHERE name = ?2 AND span_id IN (SELECT id FROM spans WHERE label_id = ?1)")?
            .execute(params![label.0, name])?;
        self.conn()
            .prepare_cached("DELETE FROM attribute_defs WHERE label_id = ?1 AND name = ?2")?
            .execute(params![label.0, name])?;
        Ok(())
    }

    /// Replaces the values of a choice attribute (in this order; the first is the default).
    pub fn set_attribute_values(
        &self,
        label: LabelId,
        name: &str,
        values: &[String],
    ) -> Result<(), StoreError> {
        let Some(id) = self.attribute_def_id(label, name)? else {
            return Ok(());
        };
        self.conn()
            .prepare_cached("DELETE FROM attribute_values WHERE attribute_id = ?1")?
            .execute([id])?;
        for value in values {
            self.add_attribute_value(id, value)?;
        }
        Ok(())
    }

    pub fn remove_relation_rule(
        &self,
        relation: LabelId,
        from: LabelId,
        to: LabelId,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("DELETE FROM relation_rules WHERE relation_label_id = ?1 AND from_label_id = ?2 AND to_label_id = ?3")?
            .execute(params![relation.0, from.0, to.0])?;
        Ok(())
    }
}

/// Read-side questions the schema editor asks.
pub trait SchemaQueries: Reader {
    fn label_usage(&self, id: LabelId) -> Result<LabelUsage, StoreError> {
        let count = |sql: &str| -> Result<usize, StoreError> {
            let n: i64 = self
                .conn()
                .prepare_cached(sql)?
                .query_row([id.0], |r| r.get(0))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        Ok(LabelUsage {
            spans: count("SELECT COUNT(*) FROM spans WHERE label_id = ?1")?,
            relations: count("SELECT COUNT(*) FROM relations WHERE label_id = ?1")?,
        })
    }

    /// The usage of every label, in two grouped queries (the schema editor
    /// shows them all; a corpus can have thousands of labels).
    fn all_label_usage(
        &self,
    ) -> Result<std::collections::HashMap<LabelId, LabelUsage>, StoreError> {
        let mut usage: std::collections::HashMap<LabelId, LabelUsage> =
            std::collections::HashMap::new();
        for (table, is_span) in [("spans", true), ("relations", false)] {
            let sql = format!("SELECT label_id, COUNT(*) FROM {table} GROUP BY label_id");
            let mut statement = self.conn().prepare_cached(&sql)?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                let entry = usage.entry(LabelId(row.get(0)?)).or_default();
                let count = usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0);
                if is_span {
                    entry.spans = count;
                } else {
                    entry.relations = count;
                }
            }
        }
        Ok(usage)
    }

    /// How many spans of `label` carry `name = value` (any value when None).
    fn attribute_usage(
        &self,
        label: LabelId,
        name: &str,
        value: Option<&str>,
    ) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn()
            .prepare_cached(
                "SELECT COUNT(*) FROM span_attributes a JOIN spans s ON s.id = a.span_id
                 WHERE s.label_id = ?1 AND a.name = ?2 AND (?3 IS NULL OR a.value = ?3)",
            )?
            .query_row(params![label.0, name, value], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn label_named(&self, kind: LabelKind, name: &str) -> Result<Option<LabelId>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM labels WHERE kind = ?1 AND name = ?2")?
            .query_row(params![kind.as_str(), name], |r| Ok(LabelId(r.get(0)?)))
            .optional()?)
    }
}

impl<T: Reader + ?Sized> SchemaQueries for T {}
