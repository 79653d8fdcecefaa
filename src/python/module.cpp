// decruft._decruft: the Python binding of the library (decruft/decruft.hpp).
//
// A thin layer: Cleaner wraps decruft::Cleaner, clean() hands the input's
// bytes to it with the GIL released, Result and Removal carry what
// CleanResult says. The Python package (src/python/decruft/__init__.py)
// re-exports these and adds the pipeline step.
//
// Text: a `bytes` input is cleaned as it is and gives bytes. A `str` is
// cleaned as its UTF-8 bytes, a lone surrogate as its 3-byte form (Python's
// 'surrogatepass', the WTF-8 that `decruft jsonl` uses for a lone \udXXX
// escape), and the clean text is decoded the same way, so a str with
// nothing removed comes back equal, and every str comes back as the input
// minus whole characters. Removal offsets count those UTF-8 bytes.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "decruft/decruft.hpp"

namespace py = pybind11;

namespace {

// The RuleError class (a ValueError), created at import.
PyObject* g_rule_error = nullptr;

// One document's bytes, borrowed from a Python object that `owner` keeps
// alive (the str or bytes itself, or the UTF-8 copy of a non-ASCII str).
struct Input {
  std::string_view bytes;
  py::object owner;
  bool is_str = false;
  std::string site;
};

Input borrow(py::handle obj) {
  Input in;
  PyObject* o = obj.ptr();
  if (PyUnicode_Check(o)) {
    in.is_str = true;
    if (PyUnicode_IS_ASCII(o)) {  // the str's own bytes: no copy
      Py_ssize_t n = 0;
      const char* p = PyUnicode_AsUTF8AndSize(o, &n);
      if (!p) throw py::error_already_set();
      in.bytes = std::string_view(p, static_cast<size_t>(n));
      in.owner = py::reinterpret_borrow<py::object>(obj);
    } else {  // a UTF-8 copy, freed with the Input (not cached on the str)
      PyObject* b = PyUnicode_AsEncodedString(o, "utf-8", "surrogatepass");
      if (!b) throw py::error_already_set();
      in.owner = py::reinterpret_steal<py::object>(b);
      in.bytes = std::string_view(PyBytes_AS_STRING(b), static_cast<size_t>(PyBytes_GET_SIZE(b)));
    }
  } else if (PyBytes_Check(o)) {
    in.owner = py::reinterpret_borrow<py::object>(obj);
    in.bytes = std::string_view(PyBytes_AS_STRING(o), static_cast<size_t>(PyBytes_GET_SIZE(o)));
  } else if (PyByteArray_Check(o) || PyMemoryView_Check(o)) {
    // Mutable buffers are copied: the GIL is released while cleaning.
    PyObject* b = PyBytes_FromObject(o);
    if (!b) throw py::error_already_set();
    in.owner = py::reinterpret_steal<py::object>(b);
    in.bytes = std::string_view(PyBytes_AS_STRING(b), static_cast<size_t>(PyBytes_GET_SIZE(b)));
  } else {
    throw py::type_error(std::string("decruft: expected str or bytes, got ") +
                         Py_TYPE(o)->tp_name);
  }
  return in;
}

// Bytes back to what the input was: bytes, or a str decoded as it was
// encoded. A removal never splits a character of valid UTF-8 (the engine
// cuts at line ends and at RE2 matches, which are whole characters); if one
// ever did, the str would not decode, and then 'surrogateescape' keeps the
// stray bytes as U+DC80..U+DCFF rather than failing the document.
py::object to_python(const std::string& s, bool is_str) {
  if (!is_str) return py::bytes(s);
  PyObject* u = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogatepass");
  if (!u) {
    PyErr_Clear();
    u = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape");
    if (!u) throw py::error_already_set();
  }
  return py::reinterpret_steal<py::object>(u);
}

std::string site_arg(const py::object& site) {
  if (site.is_none()) return "";
  return py::cast<std::string>(site);
}

struct PyRemoval {
  std::string rule, category, file;
  uint32_t line = 0;
  size_t start = 0, end = 0;
  uint32_t first_line = 0, last_line = 0;
  std::string why;  // the structure pass's reason; "" for rules

  // The JSONL "decruft" member's object, in its key order.
  py::dict as_dict() const {
    py::dict d;
    d["rule"] = rule;
    d["category"] = category;
    d["file"] = file;
    d["line"] = line;
    d["start"] = start;
    d["end"] = end;
    d["first_line"] = first_line;
    d["last_line"] = last_line;
    if (!why.empty()) d["why"] = why;
    return d;
  }
  py::tuple as_tuple() const {
    return py::make_tuple(rule, category, file, line, start, end, first_line, last_line, why);
  }
};

struct CleanArgs {
  std::string site;
  double max_removed = 1.0;
  double over_removal = 0.30;
};

struct PyCleaner;

struct PyResult {
  py::object text;  // str or bytes, as the input
  std::vector<decruft::Removal> removals_raw;
  py::object removals_cache;  // tuple of Removal, made on first use
  bool binary = false, over_removal = false, held_back = false, truncated = false;
  size_t bytes_in = 0, bytes_out = 0;
  std::string warning;
  // For diff(): the input and how it was cleaned.
  py::object input;
  bool is_str = false;
  py::object cleaner;
  CleanArgs args;

  py::tuple flags() const {
    py::list l;
    if (binary) l.append("binary");
    if (over_removal) l.append("over-removal");
    if (held_back) l.append("held-back");
    if (truncated) l.append("truncated");
    return py::tuple(l);
  }
  py::object removals() {
    if (!removals_cache) {
      py::tuple t(removals_raw.size());
      for (size_t i = 0; i < removals_raw.size(); ++i) {
        const decruft::Removal& r = removals_raw[i];
        PyRemoval x{r.rule,  r.category, r.rule_file,  r.rule_line,
                    r.begin, r.end,      r.first_line, r.last_line, r.why};
        t[i] = py::cast(std::move(x));
      }
      removals_cache = std::move(t);
    }
    return removals_cache;
  }
  py::object diff(const std::string& name, bool word_diff);
};

struct PyCleaner {
  decruft::Cleaner cleaner;
  py::tuple reduce_args;  // (rules, rule_texts, enable, disable, builtin): for pickling
  std::vector<std::string> warnings;

  decruft::CleanOptions options(const CleanArgs& a) const {
    decruft::CleanOptions o;
    o.site = a.site;
    o.max_removed = a.max_removed;
    o.over_removal = a.over_removal;
    return o;
  }

  // A finished CleanResult, with the GIL held.
  PyResult wrap(decruft::CleanResult&& r, Input& in, const py::object& input, const CleanArgs& a,
               py::object self) const {
    if (!r.ok) throw std::runtime_error("decruft: " + r.error);
    PyResult out;
    // Nothing removed: the input object itself when it is immutable (a str,
    // or bytes, or the bytes copy of a bytearray), rather than a copy.
    if (r.removals.empty() && r.bytes_out == r.bytes_in &&
        (in.is_str ? PyUnicode_CheckExact(input.ptr()) : PyBytes_CheckExact(in.owner.ptr())))
      out.text = in.is_str ? input : in.owner;
    else
      out.text = to_python(r.text, in.is_str);
    out.removals_raw = std::move(r.removals);
    out.binary = r.binary;
    out.over_removal = r.over_removal;
    out.held_back = r.held_back;
    out.truncated = r.truncated;
    out.bytes_in = r.bytes_in;
    out.bytes_out = r.bytes_out;
    out.warning = std::move(r.warning);
    out.is_str = in.is_str;
    out.cleaner = std::move(self);
    out.args = a;
    return out;
  }
};

py::object PyResult::diff(const std::string& name, bool word_diff) {
  // clean() keeps no diff (most callers never ask for one): the input is
  // cleaned again with the diff on, which gives the same edits.
  const PyCleaner& c = cleaner.cast<const PyCleaner&>();
  Input in = borrow(input);
  decruft::CleanOptions o = c.options(args);
  o.diff = true;
  o.name = name;
  o.word_diff = word_diff;
  decruft::CleanResult r;
  {
    py::gil_scoped_release nogil;
    r = c.cleaner.clean(in.bytes, o);
  }
  if (!r.ok) throw std::runtime_error("decruft: " + r.error);
  return to_python(r.diff, is_str);
}

std::vector<std::string> str_list(const py::object& seq, const char* what) {
  std::vector<std::string> out;
  if (seq.is_none()) return out;
  if (py::isinstance<py::str>(seq) || py::isinstance<py::bytes>(seq))
    throw py::type_error(std::string("decruft: ") + what + " must be a list, not a single string");
  py::object fspath = py::module_::import("os").attr("fspath");
  for (py::handle h : seq) out.push_back(py::cast<std::string>(fspath(h)));
  return out;
}

PyCleaner make_cleaner(const py::object& rules, const py::object& rule_texts,
                       const py::object& enable, const py::object& disable, bool builtin) {
  decruft::Cleaner::Options opt;
  opt.builtin_rules = builtin;
  opt.rule_paths = str_list(rules, "rules");
  opt.enable = str_list(enable, "enable");
  opt.disable = str_list(disable, "disable");
  py::list texts_norm;
  if (!rule_texts.is_none()) {
    if (py::isinstance<py::str>(rule_texts))
      throw py::type_error("decruft: rule_texts must be a list, not a single string");
    size_t i = 0;
    for (py::handle h : rule_texts) {
      decruft::RuleText t;
      if (py::isinstance<py::str>(h)) {
        t.name = "<rule_texts[" + std::to_string(i) + "]>";
        t.text = py::cast<std::string>(h);
      } else {  // (name, text)
        if (!PySequence_Check(h.ptr()) || PySequence_Size(h.ptr()) != 2)
          throw py::type_error("decruft: a rule_texts item is a str or a (name, text) pair");
        py::sequence p = py::reinterpret_borrow<py::sequence>(h);
        t.name = py::cast<std::string>(p[0]);
        t.text = py::cast<std::string>(p[1]);
      }
      texts_norm.append(py::make_tuple(t.name, t.text));
      opt.rule_texts.push_back(std::move(t));
      ++i;
    }
  }
  PyCleaner c;
  {
    py::gil_scoped_release nogil;  // compiling takes about half a second
    c.cleaner = decruft::Cleaner(opt);
  }
  if (!c.cleaner.ok()) {
    py::list errors;
    std::string msg = c.cleaner.error();
    size_t pos = 0;
    while (pos <= msg.size()) {
      size_t nl = msg.find('\n', pos);
      if (nl == std::string::npos) nl = msg.size();
      if (nl > pos) errors.append(msg.substr(pos, nl - pos));
      pos = nl + 1;
    }
    py::object e = py::reinterpret_borrow<py::object>(g_rule_error)(msg);
    e.attr("errors") = py::tuple(errors);
    PyErr_SetObject(g_rule_error, e.ptr());
    throw py::error_already_set();
  }
  c.warnings = c.cleaner.diagnostics();  // ok: only warnings are left
  // Absolute, so that a process unpickling it elsewhere in the tree reads
  // the same files.
  py::object abspath = py::module_::import("os").attr("path").attr("abspath");
  py::tuple paths(opt.rule_paths.size());
  for (size_t i = 0; i < opt.rule_paths.size(); ++i) paths[i] = abspath(opt.rule_paths[i]);
  c.reduce_args = py::make_tuple(paths, py::tuple(texts_norm), py::tuple(py::cast(opt.enable)),
                                 py::tuple(py::cast(opt.disable)), builtin);
  return c;
}

}  // namespace

PYBIND11_MODULE(_decruft, m) {
  m.doc() = "The compiled part of decruft (see help(decruft)).";
  m.attr("__version__") = decruft::version();
  m.attr("rules_version") = decruft::rules_version();

  g_rule_error = PyErr_NewExceptionWithDoc(
      "decruft.RuleError",
      "A rule file could not be read, parsed, validated or compiled.\n\n"
      "str(e) has every error, one per line; e.errors has them as a tuple,\n"
      "each \"path:line:col: message\" (or \"path: reason\" for a file that\n"
      "could not be read).",
      PyExc_ValueError, nullptr);
  m.attr("RuleError") = py::reinterpret_borrow<py::object>(g_rule_error);

  py::class_<PyRemoval>(m, "Removal",
                        "One removed byte range and the rule that removed it: the fields of\n"
                        "a `decruft jsonl` \"decruft\" item, under the same names.\n\n"
                        "start, end: the range [start, end) in bytes of the input's UTF-8\n"
                        "(for a str input: of text.encode('utf-8', 'surrogatepass')), not\n"
                        "code points. first_line, last_line: 1-based, inclusive.")
      .def_readonly("rule", &PyRemoval::rule, "full rule id: 'en/paywall/verify-access'")
      .def_readonly("category", &PyRemoval::category, "'paywall', 'cookie', ...")
      .def_readonly("file", &PyRemoval::file, "where the rule is defined: 'rules/en/paywall.toml'")
      .def_readonly("line", &PyRemoval::line, "... and on which line (1-based)")
      .def_readonly("start", &PyRemoval::start, "first removed byte (UTF-8 offset)")
      .def_readonly("end", &PyRemoval::end, "one past the last removed byte")
      .def_readonly("first_line", &PyRemoval::first_line, "first input line touched, 1-based")
      .def_readonly("last_line", &PyRemoval::last_line, "last input line touched, inclusive")
      .def_readonly("why", &PyRemoval::why,
                    "the structure pass's reason (structure/link-run, structure/share-bar); '' for rules")
      .def("as_dict", &PyRemoval::as_dict,
           "The fields as a dict, in the JSONL key order (what decruft.pipeline stores).")
      .def("__eq__",
           [](const PyRemoval& a, const PyRemoval& b) {
             return a.as_tuple().equal(b.as_tuple());
           })
      .def("__hash__", [](const PyRemoval& a) { return py::hash(a.as_tuple()); })
      .def("__repr__",
           [](const PyRemoval& r) {
             return "Removal(rule=" + py::repr(py::str(r.rule)).cast<std::string>() +
                    ", start=" + std::to_string(r.start) + ", end=" + std::to_string(r.end) +
                    ", lines=" + std::to_string(r.first_line) + "-" +
                    std::to_string(r.last_line) + ")";
           })
      .def(py::pickle([](const PyRemoval& r) { return r.as_tuple(); },
                      [](py::tuple t) {
                        return PyRemoval{t[0].cast<std::string>(), t[1].cast<std::string>(),
                                         t[2].cast<std::string>(), t[3].cast<uint32_t>(),
                                         t[4].cast<size_t>(),      t[5].cast<size_t>(),
                                         t[6].cast<uint32_t>(),    t[7].cast<uint32_t>(),
                                         t.size() > 8 ? t[8].cast<std::string>() : std::string()};
                      }));

  py::class_<PyResult>(m, "Result",
                       "What Cleaner.clean() found out about one document. It keeps a\n"
                       "reference to its input and Cleaner (for diff()), so it may outlive\n"
                       "both. When nothing was removed, text is the input object itself\n"
                       "(a str or bytes; a bytearray's bytes copy).")
      .def_readonly("text", &PyResult::text,
                    "The input minus the removed ranges: what `decruft clean` writes.\n"
                    "str for a str input, bytes for bytes.")
      .def_property_readonly("removals", &PyResult::removals,
                             "Tuple of Removal, sorted by start, never overlapping.")
      .def_property_readonly("flags", &PyResult::flags,
                             "Tuple of 'binary', 'over-removal', 'held-back', 'truncated':\n"
                             "those that are set, in that order (the JSONL \"decruft_flags\").")
      .def_property_readonly(
          "languages", [](const PyResult&) { return py::tuple(); },
          "The document's languages where the library knows them. This build's\n"
          "library detects none: always ().")
      .def_readonly("binary", &PyResult::binary, "NUL bytes: not article text, left untouched")
      .def_readonly("over_removal", &PyResult::over_removal,
                    "more than over_removal of the characters went")
      .def_readonly("held_back", &PyResult::held_back,
                    "more than max_removed would have gone: nothing was removed")
      .def_readonly("truncated", &PyResult::truncated,
                    "a short teaser cut off by a paywall, subscription or login prompt")
      .def_readonly("bytes_in", &PyResult::bytes_in, "input size in bytes (UTF-8 for a str)")
      .def_readonly("bytes_out", &PyResult::bytes_out, "clean text size in bytes")
      .def_readonly("warning", &PyResult::warning,
                    "RE2 matched on a slow path (the result is right, only slow); '' when\n"
                    "not. The module links the shared libre2, which hides the hooks that\n"
                    "report it, so this is always '' here.")
      .def("diff", &PyResult::diff, py::arg("name") = "input", py::arg("word_diff") = false,
           "The removal diff, exactly what `decruft diff` prints for a file NAME:\n"
           "GNU unified format, no context, the rule id after the second '@@';\n"
           "`patch -R` on the clean text gives the input back. '' (or b'') when\n"
           "nothing was removed. str for a str input, bytes for bytes. Cleans the\n"
           "input again (the diff is not kept by clean()).")
      .def("__repr__", [](PyResult& r) {
        return "<decruft.Result " + std::to_string(r.bytes_in) + " -> " +
               std::to_string(r.bytes_out) + " bytes, " +
               std::to_string(r.removals_raw.size()) + " removals>";
      });

  py::class_<PyCleaner>(m, "Cleaner",
                        "A compiled rule set that cleans documents.\n\n"
                        "Cleaner(rules=(), rule_texts=(), enable=(), disable=(), builtin=True)\n\n"
                        "  rules       rule files, or folders whose *.toml files (recursively,\n"
                        "              in path order) are read  (= --rules)\n"
                        "  rule_texts  rule files as text: each a TOML str (named\n"
                        "              '<rule_texts[i]>' in messages) or a (name, text) pair\n"
                        "  enable      names to switch on  (= --enable)\n"
                        "  disable     names to switch off  (= --disable)\n"
                        "  builtin     include the built-in rule set  (= not --no-default-rules)\n\n"
                        "A name is a category ('cookie'), a language ('de'), both ('en/cookie')\n"
                        "or a full rule id. Raises RuleError, carrying every\n"
                        "'path:line:col: message', when a rule file could not be read,\n"
                        "parsed, validated or compiled. Compiling takes about half a second:\n"
                        "build one Cleaner and reuse it; it is immutable and may be used from\n"
                        "any number of threads at once. Pickling it pickles these arguments:\n"
                        "the receiving process compiles them again (once per process, see\n"
                        "decruft._cleaner_from_args), reading the rule paths, made absolute,\n"
                        "there.")
      .def(py::init([](const py::object& rules, const py::object& rule_texts,
                       const py::object& enable, const py::object& disable, bool builtin) {
             return make_cleaner(rules, rule_texts, enable, disable, builtin);
           }),
           py::arg("rules") = py::none(), py::arg("rule_texts") = py::none(),
           py::arg("enable") = py::none(), py::arg("disable") = py::none(),
           py::arg("builtin") = true)
      .def_property_readonly("rule_count", [](const PyCleaner& c) { return c.cleaner.rule_count(); },
                             "rules loaded")
      .def_property_readonly("enabled_rule_count",
                             [](const PyCleaner& c) { return c.cleaner.enabled_rule_count(); },
                             "rules loaded and switched on")
      .def_property_readonly(
          "warnings", [](const PyCleaner& c) { return py::tuple(py::cast(c.warnings)); },
          "Rule warnings ('path:line:col: warning: message'), in the order found.")
      .def(
          "clean",
          [](py::object self, py::object text, py::object site, double max_removed,
             double over_removal) {
            const PyCleaner& c = self.cast<const PyCleaner&>();
            Input in = borrow(text);
            CleanArgs a{site_arg(site), max_removed, over_removal};
            decruft::CleanOptions o = c.options(a);
            decruft::CleanResult r;
            {
              py::gil_scoped_release nogil;
              r = c.cleaner.clean(in.bytes, o);
            }
            PyResult out = c.wrap(std::move(r), in, text, a, self);
            out.input = std::move(text);
            return out;
          },
          py::arg("text"), py::arg("site") = py::none(), py::kw_only(),
          py::arg("max_removed") = 1.0, py::arg("over_removal") = 0.30,
          "clean(text, site=None, *, max_removed=1.0, over_removal=0.30) -> Result\n\n"
          "Cleans one document: str gives str, bytes gives bytes (bytearray and\n"
          "memoryview are copied and give bytes). site: the document's domain\n"
          "('www.nytimes.com'); rules with `sites` fire only for it and its\n"
          "subdomains (= --site). max_removed: when more than this share (0 to 1)\n"
          "of the characters would go, remove nothing and set held_back.\n"
          "over_removal: above this share, set over_removal (a flag only). Shares\n"
          "count characters, not bytes. Releases the GIL while cleaning.")
      .def(
          "clean_many",
          [](py::object self, py::iterable docs, unsigned threads, py::object site,
             double max_removed, double over_removal) {
            const PyCleaner& c = self.cast<const PyCleaner&>();
            std::string default_site = site_arg(site);
            std::vector<Input> inputs;
            std::vector<py::object> originals;
            for (py::handle h : docs) {
              py::object text = py::reinterpret_borrow<py::object>(h);
              std::string doc_site = default_site;
              if (py::isinstance<py::tuple>(text)) {  // (text, site)
                py::tuple p = text.cast<py::tuple>();
                if (p.size() != 2) throw py::type_error("decruft: a clean_many item is a text or (text, site)");
                text = p[0];
                doc_site = site_arg(p[1]);
              }
              inputs.push_back(borrow(text));
              inputs.back().site = std::move(doc_site);
              originals.push_back(std::move(text));
            }
            if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
            std::vector<decruft::CleanResult> results(inputs.size());
            std::vector<decruft::CleanOptions> opts(inputs.size());
            for (size_t i = 0; i < inputs.size(); ++i)
              opts[i] = c.options({inputs[i].site, max_removed, over_removal});
            std::exception_ptr failure;
            {
              py::gil_scoped_release nogil;
              std::atomic<size_t> next{0};
              std::atomic<bool> failed{false};
              auto work = [&] {
                try {
                  for (size_t i; !failed && (i = next.fetch_add(1)) < inputs.size();)
                    results[i] = c.cleaner.clean(inputs[i].bytes, opts[i]);
                } catch (...) {
                  if (!failed.exchange(true)) failure = std::current_exception();
                }
              };
              std::vector<std::thread> pool;
              for (unsigned t = 1; t < threads && t < inputs.size(); ++t) pool.emplace_back(work);
              work();
              for (auto& t : pool) t.join();
            }
            if (failure) std::rethrow_exception(failure);
            py::list out;
            for (size_t i = 0; i < inputs.size(); ++i) {
              PyResult r = c.wrap(std::move(results[i]), inputs[i], originals[i],
                                  {inputs[i].site, max_removed, over_removal}, self);
              r.input = std::move(originals[i]);
              out.append(py::cast(std::move(r)));
            }
            return out;
          },
          py::arg("docs"), py::arg("threads") = 1, py::arg("site") = py::none(), py::kw_only(),
          py::arg("max_removed") = 1.0, py::arg("over_removal") = 0.30,
          "clean_many(docs, threads=1, site=None, *, max_removed=1.0, over_removal=0.30)\n"
          "    -> list[Result]\n\n"
          "Cleans every document of an iterable on `threads` threads (0: one per\n"
          "core) with the GIL released, and returns the results in input order.\n"
          "An item is a text (str or bytes) or a (text, site) pair; `site` is the\n"
          "default for the others. The documents are all read first: feed a long\n"
          "stream in batches (decruft.pipeline does).")
      .def("__reduce__",
           [](py::object self) {
             const PyCleaner& c = self.cast<const PyCleaner&>();
             py::object rebuild = py::module_::import("decruft").attr("_cleaner_from_args");
             return py::make_tuple(rebuild, c.reduce_args);
           })
      .def("__repr__", [](const PyCleaner& c) {
        return "<decruft.Cleaner " + std::to_string(c.cleaner.enabled_rule_count()) + " of " +
               std::to_string(c.cleaner.rule_count()) + " rules on>";
      });
}
