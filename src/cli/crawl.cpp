#include "cli/crawl.hpp"

#include <algorithm>

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
                std::string& error) {
  codec = util::Codec::none;
  if (!util::read_file(path, out, error)) return false;
  codec = util::sniff_codec(out);
  if (codec == util::Codec::none) return true;
  std::string plain;
  if (!util::decompress(out, codec, plain, error)) return false;
  out.swap(plain);
  return true;
}

bool write_clean_text_as(const std::string& path, std::string_view input, const EditList& edits,
                         util::Codec codec, std::string& error) {
  if (codec == util::Codec::none) return write_clean_text(path, input, edits, error);
  util::AtomicWriter out;
  if (!out.open(path, error)) return false;
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
    if (type == "conversion") {
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

}  // namespace decruft::cli
