//! A polars frame handed to the engine a slice at a time (`fupin._Slices` in Python): the
//! engine's scan pulls batches from a reopenable stream, and each slice is exported (its
//! `__arrow_c_stream__`) only when the scan reaches it, holding the GIL for that alone.

use pyo3::prelude::*;
use pyo3_arrow::PyRecordBatchReader;

/// The household table of a `_Slices` object: the schema from the frame's first zero rows,
/// the rows and the slices' count from its attributes.
pub(crate) fn table(v: &Bound<'_, PyAny>) -> PyResult<fupin::ArrowTable> {
    let head = v.call_method0("head")?;
    let schema = head
        .extract::<PyRecordBatchReader>()?
        .into_reader()?
        .schema();
    let rows: usize = v.getattr("rows")?.extract()?;
    let count: usize = v.getattr("count")?.extract()?;
    let stream = Slices {
        frame: v.clone().unbind(),
        count,
    };
    Ok(fupin::ArrowTable::streamed(
        schema,
        rows,
        std::sync::Arc::new(stream),
    ))
}

/// A frame handed over a slice at a time (`fupin._Slices`): each slice is exported when
/// the scan reaches it, so the frame's columns are never converted all at once.
#[derive(Debug)]
struct Slices {
    /// The `_Slices` object.
    frame: Py<PyAny>,
    /// How many slices.
    count: usize,
}

impl fupin::BatchStream for Slices {
    fn open(
        &self,
    ) -> fupin::Result<Box<dyn Iterator<Item = fupin::Result<arrow_array::RecordBatch>> + Send + '_>>
    {
        Ok(Box::new(SliceBatches {
            slices: self,
            next: 0,
            reader: None,
        }))
    }
}

/// The batches of the slices, one slice exported at a time.
struct SliceBatches<'a> {
    slices: &'a Slices,
    next: usize,
    reader: Option<Box<dyn arrow_array::RecordBatchReader + Send>>,
}

impl Iterator for SliceBatches<'_> {
    type Item = fupin::Result<arrow_array::RecordBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.reader.as_mut() {
                // The exporter's stream may call into Python: read it holding the GIL.
                match Python::attach(|_| r.next()) {
                    Some(b) => {
                        return Some(b.map_err(|e| {
                            fupin::Error::Input(format!("slice {}: cannot read: {e}", self.next))
                        }));
                    }
                    None => self.reader = None,
                }
            }
            if self.next >= self.slices.count {
                return None;
            }
            let k = self.next;
            self.next += 1;
            let exported = Python::attach(|py| -> PyResult<_> {
                let s = self.slices.frame.bind(py).call_method1("slice", (k,))?;
                s.extract::<PyRecordBatchReader>()?.into_reader()
            });
            match exported {
                Ok(r) => self.reader = Some(r),
                Err(e) => {
                    return Some(Err(fupin::Error::Input(format!(
                        "slice {}: cannot export: {e}",
                        k + 1
                    ))));
                }
            }
        }
    }
}
