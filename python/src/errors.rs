//! The crate's errors as Python exceptions (the classes live in `basin/errors.py`), with the
//! library's remedies rendered as the keyword arguments that apply them.

use basin::Error;
use basin::error::{ParseError, Remedy};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A remedy in the package's words: the keyword arguments that apply it.
pub(crate) fn remedy_kwargs(remedy: &Remedy) -> String {
    match remedy {
        Remedy::FixInputs { inputs } if inputs.is_empty() => {
            "fix inputs, e.g. inputs={\"NAME\": 1}".to_string()
        }
        Remedy::FixInputs { inputs } => format!(
            "fix some of the {} free inputs ({}), e.g. inputs={{\"{}\": 1}}",
            inputs.len(),
            inputs.join(", "),
            inputs[0]
        ),
        Remedy::PerturbNodes => {
            "perturb nodes to shrink the core, e.g. perturb={\"NAME\": 0}".to_string()
        }
        Remedy::UseSampling => "use method=\"sample\" (samples=N, seed=S)".to_string(),
        Remedy::SkipProbabilities => "pass probabilities=False".to_string(),
        Remedy::RaiseMemoryLimit => "raise max_memory (e.g. max_memory=\"8G\")".to_string(),
        Remedy::SpecifyFormat { detected: Some(d) } => format!("pass format=\"{d}\""),
        Remedy::SpecifyFormat { detected: None } => {
            "pass format=\"bnet\" (or \"booleannet\", \"aeon\", \"sbml\")".to_string()
        }
        Remedy::AllowFreeInputs => "pass free_inputs=True".to_string(),
        Remedy::PerturbInstead => "fix it with perturb={\"NAME\": 0} instead".to_string(),
        Remedy::FewerPerturbations => {
            "choose fewer nodes= or a lower order= (max_order= of control)".to_string()
        }
        Remedy::FewerConditions => "fewer conditions=".to_string(),
        Remedy::RunShards { shards, count } => {
            let list: Vec<String> = shards
                .iter()
                .map(|i| format!("shard=({i}, {count})"))
                .collect();
            format!("run {} again with the same arguments", list.join(", "))
        }
        Remedy::NameConditions => "name the conditions with conditions=[...]".to_string(),
        Remedy::CountOnly => "count them without listing: Model.count_attractors()".to_string(),
        other => other.to_string(),
    }
}

/// The keyword arguments a remedy stands for, as a dict a caller can splat into the call
/// (`None` when no single argument applies it).
fn remedy_dict<'py>(py: Python<'py>, remedy: &Remedy) -> PyResult<Option<Bound<'py, PyDict>>> {
    let d = PyDict::new(py);
    match remedy {
        Remedy::FixInputs { inputs } if !inputs.is_empty() => {
            let values = PyDict::new(py);
            values.set_item(&inputs[0], 1)?;
            d.set_item("inputs", values)?;
        }
        Remedy::UseSampling => d.set_item("method", "sample")?,
        Remedy::SkipProbabilities => d.set_item("probabilities", false)?,
        Remedy::SpecifyFormat { detected: Some(f) } => {
            d.set_item("format", f.to_ascii_lowercase())?
        }
        Remedy::AllowFreeInputs => d.set_item("free_inputs", true)?,
        _ => return Ok(None),
    }
    Ok(Some(d))
}

fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("basin.errors")?.getattr(name)
}

fn parse_error(py: Python<'_>, e: &ParseError) -> PyResult<PyErr> {
    let kwargs = PyDict::new(py);
    let line = (e.span.line > 0).then_some(e.span.line);
    let column = (e.span.line > 0).then_some(e.span.column);
    kwargs.set_item("line", line)?;
    kwargs.set_item("column", column)?;
    kwargs.set_item("text", e.source_line.as_deref())?;
    kwargs.set_item("hint", e.hint.as_ref().map(|h| h.render(&remedy_kwargs)))?;
    kwargs.set_item("path", e.path.as_ref().map(|p| p.display().to_string()))?;
    kwargs.set_item("reason", e.kind.to_string())?;
    let exc = class(py, "ParseError")?.call((e.render(&remedy_kwargs),), Some(&kwargs))?;
    Ok(PyErr::from_value(exc))
}

/// The Python exception for a library error.
pub(crate) fn to_py(py: Python<'_>, e: Error) -> PyErr {
    let message = e.render(&remedy_kwargs);
    build(py, &e, message).unwrap_or_else(|err| err)
}

/// The exception for `e` with `message`; an error inside an expectation statement is raised
/// as the class of the error inside it, with the statement named in the message.
fn build(py: Python<'_>, e: &Error, message: String) -> PyResult<PyErr> {
    let exc = match e {
        Error::InStatement { source, .. } => return build(py, source, message),
        Error::Parse(p) => return parse_error(py, p),
        Error::Io { path, source } => {
            let errno = source.raw_os_error().unwrap_or(0);
            let os_error = py.import("builtins")?.getattr("OSError")?;
            os_error.call1((errno, source.to_string(), path.display().to_string()))?
        }
        Error::TooLarge { remedies, .. } | Error::Limit { remedies, .. } => {
            let kwargs = PyDict::new(py);
            let texts: Vec<String> = remedies.iter().map(remedy_kwargs).collect();
            let dicts = remedies
                .iter()
                .map(|r| remedy_dict(py, r))
                .collect::<PyResult<Vec<_>>>()?;
            kwargs.set_item("remedies", texts)?;
            kwargs.set_item(
                "suggestions",
                dicts.into_iter().flatten().collect::<Vec<_>>(),
            )?;
            class(py, "RefusedError")?.call((message,), Some(&kwargs))?
        }
        Error::UnknownName {
            name, suggestion, ..
        } => {
            let kwargs = PyDict::new(py);
            kwargs.set_item("name", name)?;
            kwargs.set_item("suggestion", suggestion.as_deref())?;
            class(py, "UnknownNameError")?.call((message,), Some(&kwargs))?
        }
        Error::Cancelled => class(py, "CancelledError")?.call1((message,))?,
        _ => class(py, "InvalidArgumentError")?.call1((message,))?,
    };
    Ok(PyErr::from_value(exc))
}

/// An error of the binding itself (a thread that panicked).
pub(crate) fn internal(what: &str) -> PyErr {
    PyRuntimeError::new_err(format!("basin: {what}"))
}
