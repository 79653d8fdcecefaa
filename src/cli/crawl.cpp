#include "cli/crawl.hpp"

#include <simdjson.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/printers.hpp"
#include "util/fs.hpp"
#include "util/json.hpp"
#include "util/warc.hpp"

#include "cli/batch.hpp"

namespace decruft::cli {

bool read_input(const std::string& path, std::string& out, util::Codec& codec,
                std::string& error, uint64_t max_size) {
  codec = util::Codec::none;
  if (!util::read_file(path, out, error, max_size)) return false;
  codec = util::sniff_codec(out);
  if (codec == util::Codec::none) return true;
  std::string plain;
  if (!util::decompress(out, codec, plain, error)) return false;
  if (plain.size() > max_size) {
    error = "larger than the limit once decompressed";
    return false;
  }
  out.swap(plain);
  return true;
}

bool write_clean_text_as(const std::string& path, std::string_view input, const EditList& edits,
                         util::Codec codec, std::string& error, util::AtomicWriter::Target target) {
  if (codec == util::Codec::none) return write_clean_text(path, input, edits, error, target);
  util::AtomicWriter out;
  if (!out.open(path, error, target)) return false;
  util::Compressor z(out, codec);
  bool ok = true;
  for_each_kept(input, edits, [&](std::string_view piece) { ok = z.write(piece) && ok; });
  ok = z.finish() && ok;
  if (!out.commit(error)) return false;
  if (!ok) error = std::string(util::codec_name(codec)) + ": compression failed";
  return ok;
}

bool is_warc_file(const std::string& path) {
  if (path == "-") return false;
  {  // A plain file is told by its first bytes, without a decompressor.
    // Only regular files: opening a FIFO, even to look, would take its
    // writer's bytes away from the read that follows.
    std::string first;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return false;
    bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    char buf[8];
    ssize_t got = regular ? ::read(fd, buf, sizeof buf) : -1;
    ::close(fd);
    if (got <= 0) return false;
    first.assign(buf, static_cast<size_t>(got));
    if (first.compare(0, 5, "WARC/") == 0) return true;
    if (util::sniff_codec(first) == util::Codec::none) return false;
  }
  util::Decompressor d;
  std::string err, head;
  if (!d.open(path, err)) return false;
  while (head.size() < 5) {
    long got = d.read(head, 5 - head.size(), err);
    if (got <= 0) break;
  }
  return head.compare(0, 5, "WARC/") == 0 && head.size() >= 5;
}

bool clean_warc(const Engine& engine, const Options& o, const WarcJob& job, WarcTotals& t,
                std::string& report, std::string& messages, std::string& error) {
  util::Decompressor dec;
  if (!dec.open(job.in_path, error)) return false;
  util::warc::Reader reader(
      [&](std::string& out, size_t want, std::string& err) { return dec.read(out, want, err); });
  util::AtomicWriter out_file, diff_file;
  std::unique_ptr<util::Compressor> out;
  const bool to_stdout = job.out_path == "-";
  if (!job.out_path.empty()) {
    if (!out_file.open(job.out_path, error)) {
      error = job.out_path + ": " + error;
      return false;
    }
    out = std::make_unique<util::Compressor>(out_file, to_stdout ? util::Codec::none : dec.codec());
  }
  if (!job.diff_path.empty() && !diff_file.open(job.diff_path, error)) {
    error = job.diff_path + ": " + error;
    return false;
  }
  const auto& rules = engine.rules();
  util::warc::Record r;
  std::string err, body;
  size_t responses = 0;
  bool per_member = false, changed_any = false;
  for (size_t n = 0; reader.next(r, err); ++n) {
    ++t.records;
    t.in_bytes += r.head.size() + r.body.size() + r.tail.size();
    std::string_view type = r.field("WARC-Type");
    std::string head;  // the rewritten header block, when the body changed
    bool changed = false;
    if (type == "response") ++responses;
    // A conversion record is text unless its Content-Type says otherwise.
    std::string_view ctype = r.field("Content-Type");
    bool text = ctype.empty() || ctype.substr(0, 5) == "text/" || ctype.substr(0, 5) == "Text/";
    if (type == "conversion" && text) {
      ++t.conversions;
      std::string_view uri = r.field("WARC-Target-URI");
      std::string id(r.field("WARC-Record-ID"));
      if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
      std::string name = id.empty() ? job.shown + "#" + std::to_string(n + 1) : id;
      std::string where = "decruft: " + job.shown + ": record " + name + ": ";
      Document doc(r.body);
      std::string site = uri.empty() ? o.site : domain_of(std::string(uri));
      Cleaned c = clean_document(engine, o, doc, site);
      if (!c.error.empty()) {
        messages += where + c.error + "; the record is kept as it was\n";
        ++t.failed;
        c.edits.clear();
      } else if (c.binary) {
        messages += where + "NUL bytes, left as it is\n";
        ++t.binaries;
      }
      if (std::string w = slow_path_warning(c, o); !w.empty()) {
        messages += where + w + "\n";
        ++t.slow;
      }
      t.flagged += c.over_removal;
      t.held += c.held_back;
      t.truncated += c.truncated;
      for (const auto& e : c.edits) ++t.by_cat[static_cast<size_t>(rules[e.rule].category)];
      if (!c.edits.empty()) {
        changed = changed_any = true;
        ++t.changed;
        body.clear();
        body.reserve(r.body.size());
        for_each_kept(r.body, c.edits, [&](std::string_view piece) { body.append(piece); });
        std::vector<std::pair<std::string, std::string>> digests;
        for (const char* field : {"WARC-Block-Digest", "WARC-Payload-Digest"}) {
          std::string_view v = r.field(field);
          if (v.empty()) continue;
          bool sha1 = v.size() > 5 && (v.substr(0, 5) == "sha1:" || v.substr(0, 5) == "SHA1:");
          digests.emplace_back(field, sha1 ? util::warc::sha1_base32(body) : "");
        }
        head = util::warc::rewrite_head(r.head, body.size(), digests);
        if (!job.diff_path.empty()) {
          std::string buf;
          write_unified_diff(buf, doc, c.edits, rules, {name, name, job.color, o.word_diff},
                             [&](std::string& bytes) {
                               diff_file.write(bytes);
                               bytes.clear();
                             });
        }
      }
      if (job.want_report) {
        std::string extra = "\"file\":";
        util::json_string(extra, job.shown);
        if (!uri.empty()) {
          extra += ",\"uri\":";
          util::json_bytes(extra, uri);
        }
        if (std::string f = flags_json(c); !f.empty()) extra += "," + f;
        write_report_record(report, doc, c.edits, rules, {name, true, extra});
      }
    }
    if (out) {
      out->write(changed ? std::string_view(head) : std::string_view(r.head));
      out->write(changed ? std::string_view(body) : std::string_view(r.body));
      out->write(r.tail);
      // One gzip member (zstd frame) per record when the input was so: the
      // first record's member has ended by the time it is read.
      if (n == 0) per_member = dec.codec() != util::Codec::none && dec.members() >= 1;
      if (per_member) out->end_member();
    }
    t.out_bytes += (changed ? head.size() + body.size() : r.head.size() + r.body.size()) +
                   r.tail.size();
  }
  if (!err.empty()) {
    error = err;
    return false;
  }
  if (t.conversions == 0 && responses > 0) {
    error = "a WARC file of response records (HTML pages): out of scope; decruft cleans plain "
            "text, such as the conversion records of WET files (.warc.wet.gz)";
    return false;
  }
  if (out) {
    bool ok = out->finish();
    if (job.keep_if_unchanged && !changed_any) {
      // Nothing removed: the file is left as it is (the writer's temporary goes).
    } else if (!out_file.commit(error) || !ok) {
      if (error.empty()) error = "compression failed";
      error = (to_stdout ? std::string("stdout") : job.out_path) + ": " + error;
      return false;
    }
  }
  if (!job.diff_path.empty() && !diff_file.commit(error)) {
    error = job.diff_path + ": " + error;
    return false;
  }
  return true;
}

int clean_warc_one(const Engine& engine, const Options& o, const std::string& path) {
  WarcJob job;
  job.in_path = path;
  job.shown = path;
  if (!o.check || !o.output.empty()) job.out_path = o.output.empty() ? "-" : o.output;
  job.diff_path = o.diff_output;
  job.want_report = !o.report.empty();
  WarcTotals t;
  std::string report, messages, error;
  bool ok = clean_warc(engine, o, job, t, report, messages, error);
  if (!messages.empty()) util::write_fd(2, messages);
  if (!ok) {
    complain(path + ": " + error);
    return kInputFailed;
  }
  int status = t.failed ? kInputFailed : kOk;
  if (!o.report.empty() && !util::write_file_atomic(o.report, report, error)) {
    complain(o.report + ": " + error);
    status = kInputFailed;
  }
  if (o.check && t.changed && status == kOk) status = kFindings;
  return status;
}

namespace {

bool glob_matches(const std::string& glob, const std::string& rel) {
  if (glob.find('/') == std::string::npos) {
    size_t slash = rel.rfind('/');
    std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
    return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
  }
  return fnmatch(glob.c_str(), rel.c_str(), FNM_PATHNAME) == 0;
}

}  // namespace

size_t filter_inputs(std::vector<InputFile>& inputs, const std::vector<std::string>& named,
                     const Options& o) {
  if (o.include.empty() && o.exclude.empty()) return 0;
  size_t before = inputs.size();
  inputs.erase(std::remove_if(inputs.begin(), inputs.end(), [&](const InputFile& in) {
    if (std::find(named.begin(), named.end(), in.path) != named.end()) return false;
    auto any = [&](const std::vector<std::string>& globs) {
      return std::any_of(globs.begin(), globs.end(),
                         [&](const std::string& g) { return glob_matches(g, in.rel); });
    };
    return (!o.include.empty() && !any(o.include)) || any(o.exclude);
  }), inputs.end());
  return before - inputs.size();
}

namespace {

// The temporary folder of expand_records, removed at exit.
struct RecordDir {
  std::string path;
  size_t next = 0;
  ~RecordDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  bool make(std::string& error) {
    if (!path.empty()) return true;
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/decruft-records.XXXXXX";
    if (!::mkdtemp(&tmpl[0])) {
      error = std::string("temporary folder: ") + std::strerror(errno);
      return false;
    }
    path = tmpl;
    return true;
  }
  // Writes one record's text; its path, or "" with `error` set.
  std::string put(std::string_view text, std::string& error) {
    if (!make(error)) return "";
    std::string p = path + "/" + std::to_string(next++);
    return util::write_file_atomic(p, text, error) ? p : "";
  }
};
RecordDir& record_dir() {
  static RecordDir dir;
  return dir;
}

bool jsonl_name(const std::string& rel) {
  for (const char* ext : {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst"}) {
    std::string_view e(ext);
    if (rel.size() > e.size() && rel.compare(rel.size() - e.size(), e.size(), e) == 0) return true;
  }
  return false;
}

// The records of one WARC file as inputs.
bool warc_records(const InputFile& in, std::vector<InputFile>& out, std::string& error) {
  util::Decompressor dec;
  if (!dec.open(in.path, error)) return false;
  util::warc::Reader reader(
      [&](std::string& b, size_t want, std::string& err) { return dec.read(b, want, err); });
  util::warc::Record r;
  size_t n = 0, responses = 0, conversions = 0;
  while (reader.next(r, error)) {
    ++n;
    std::string_view type = r.field("WARC-Type");
    responses += type == "response";
    std::string_view ctype = r.field("Content-Type");
    if (type != "conversion" || !(ctype.empty() || ctype.substr(0, 5) == "text/")) continue;
    ++conversions;
    std::string id(r.field("WARC-Record-ID"));
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
    std::string path = record_dir().put(r.body, error);
    if (path.empty()) return false;
    std::string_view uri = r.field("WARC-Target-URI");
    out.push_back({path, in.rel + "#" + (id.empty() ? std::to_string(n) : id), false,
                   uri.empty() ? "" : domain_of(std::string(uri))});
  }
  if (!error.empty()) return false;
  if (conversions == 0 && responses > 0) {
    error = "a WARC file of response records (HTML pages): out of scope";
    return false;
  }
  return true;
}

// The text fields of one JSON Lines file as inputs; records without one are
// left out, with a message.
bool jsonl_records(const InputFile& in, const Options& o, std::vector<InputFile>& out,
                   const std::function<void(const std::string&, const std::string&)>& on_error,
                   std::string& error) {
  util::Decompressor dec;
  if (!dec.open(in.path, error)) return false;
  std::vector<std::string> parts;
  for (size_t from = 0;;) {
    size_t dot = o.text_field.find('.', from);
    parts.push_back(o.text_field.substr(from, dot == std::string::npos ? dot : dot - from));
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  simdjson::dom::parser parser;
  std::string buf, line;
  size_t pos = 0, lineno = 0;
  bool eof = false;
  for (;;) {
    size_t nl = buf.find('\n', pos);
    if (nl == std::string::npos && !eof) {
      buf.erase(0, pos);
      pos = 0;
      long got = dec.read(buf, 1 << 16, error);
      if (got < 0) return false;
      eof = got == 0;
      continue;
    }
    if (pos >= buf.size()) break;
    size_t end = nl == std::string::npos ? buf.size() : nl;
    line.assign(buf, pos, end - pos);
    pos = end + 1;
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string where = in.rel + ":" + std::to_string(lineno);
    simdjson::dom::element el;
    if (parser.parse(line).get(el)) {
      on_error(in.path + ":" + std::to_string(lineno), "malformed record, left out");
      continue;
    }
    simdjson::dom::element id;
    std::string name = where;
    if (!el["id"].get(id)) {
      std::string_view s;
      int64_t i = 0;
      if (!id.get_string().get(s)) name = in.rel + "#" + std::string(s);
      else if (!id.get_int64().get(i)) name = in.rel + "#" + std::to_string(i);
    }
    simdjson::dom::element v = el;
    bool found = true;
    for (const auto& p : parts) found = found && !v[p].get(v);
    std::string_view text;
    if (!found || v.get_string().get(text)) {
      complain(in.path + ":" + std::to_string(lineno) + ": no \"" + o.text_field +
               "\" string, left out");
      continue;
    }
    std::string path = record_dir().put(text, error);
    if (path.empty()) return false;
    std::string_view url;
    std::string site;
    if (!el["url"].get_string().get(url) && !url.empty()) site = domain_of(std::string(url));
    out.push_back({path, name, false, site});
  }
  return true;
}

}  // namespace

std::string shown_path(const InputFile& in) {
  const std::string& dir = record_dir().path;
  return !dir.empty() && in.path.compare(0, dir.size(), dir) == 0 ? in.rel : in.path;
}

void expand_records(std::vector<InputFile>& inputs, const Options& o,
                    const std::function<void(const std::string&, const std::string&)>& on_error) {
  std::vector<InputFile> out;
  out.reserve(inputs.size());
  for (auto& in : inputs) {
    std::string error;
    bool warc = is_warc_file(in.path);
    if (!warc && !jsonl_name(in.rel)) {
      out.push_back(std::move(in));
      continue;
    }
    bool ok = warc ? warc_records(in, out, error) : jsonl_records(in, o, out, on_error, error);
    if (!ok) on_error(in.path, error);
  }
  inputs = std::move(out);
}

}  // namespace decruft::cli
