#include "sim/export.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "engine/jsonl_writer.h"
#include "engine/load_error.h"

namespace td::sim {

namespace fs = std::filesystem;
using engine::ByteSink;
using engine::LoadError;

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { if (f) std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

std::string SchemaJson(const World& world) {
  std::string o = "{";
  bool first = true;
  for (const auto& t : world.Logs().Store().Tables()) {
    if (!first) o += ",";
    first = false;
    o += "\n  ";
    engine::AppendJsonString(o, t->Name());
    o += ": [";
    for (size_t c = 0; c < t->Columns().size(); ++c) {
      if (c) o += ", ";
      o += "{\"name\": ";
      engine::AppendJsonString(o, t->Columns()[c].name);
      o += ", \"type\": ";
      engine::AppendJsonString(o, engine::TypeName(t->Columns()[c].type));
      o += "}";
    }
    o += "]";
  }
  o += "\n}\n";
  return o;
}

void WriteFileOrThrow(const fs::path& path, const std::function<size_t(ByteSink&)>& body, size_t& bytes, size_t& rows) {
  FilePtr f(std::fopen(path.c_str(), "wb"));
  if (!f) throw LoadError(path.string(), "", std::string("cannot create the file (") + std::strerror(errno) +
                                                "). Choose an output folder you may write to.");
  ByteSink sink(f.get());
  rows = body(sink);
  sink.Flush();
  bytes = sink.BytesWritten();
  if (sink.Failed() || std::fflush(f.get()) != 0)
    throw LoadError(path.string(), "", std::string("writing failed (") + std::strerror(errno) + "). Free some disk space and run again.");
}

}  // namespace

ExportStats ExportToSinks(const World& world, ByteSink& sink) {
  ExportStats st;
  const auto& logs = world.Logs();
  for (const auto& t : logs.Store().Tables()) {
    engine::TableView view(*t, logs.ViewFor(*t, world.Now()));
    size_t before = sink.BytesWritten();
    size_t rows = view.TableVisible() ? engine::WriteJsonl(view, sink) : 0;
    st.tables.push_back({t->Name(), rows, sink.BytesWritten() - before});
    st.rows += rows;
  }
  size_t before = sink.BytesWritten();
  size_t rows = WriteUalCsv(world, sink);
  st.tables.push_back({"UnifiedAuditLog", rows, sink.BytesWritten() - before});
  st.rows += rows;
  st.bytes = sink.BytesWritten();
  return st;
}

ExportStats ExportLogs(const World& world, const std::string& out_dir,
                       const std::function<void(const std::string&, size_t)>& progress) {
  std::error_code ec;
  const fs::path root(out_dir);
  fs::create_directories(root, ec);
  if (ec || !fs::is_directory(root))
    throw LoadError(out_dir, "", "cannot create the output folder (" + ec.message() + "). Choose a folder you may write to.");
  const fs::path final_dir = root / "logs";
  const fs::path tmp_dir = root / ".logs.partial";
  fs::remove_all(tmp_dir, ec);
  fs::create_directories(tmp_dir, ec);
  if (ec) throw LoadError(out_dir, "", "cannot write in the output folder (" + ec.message() + "). Choose a folder you may write to.");
  ExportStats st;
  try {
    const auto& logs = world.Logs();
    for (const auto& t : logs.Store().Tables()) {
      engine::TableView view(*t, logs.ViewFor(*t, world.Now()));
      TableExportStats ts{t->Name(), 0, 0};
      // A table the tenant's licences do not export is absent, not empty.
      if (!view.TableVisible()) continue;
      WriteFileOrThrow(tmp_dir / (t->Name() + ".jsonl"), [&](ByteSink& s) { return engine::WriteJsonl(view, s); }, ts.bytes, ts.rows);
      if (progress) progress(t->Name(), ts.rows);
      st.rows += ts.rows;
      st.bytes += ts.bytes;
      st.tables.push_back(ts);
    }
    TableExportStats ual{"UnifiedAuditLog", 0, 0};
    WriteFileOrThrow(tmp_dir / "UnifiedAuditLog.csv", [&](ByteSink& s) { return WriteUalCsv(world, s); }, ual.bytes, ual.rows);
    if (progress) progress("UnifiedAuditLog", ual.rows);
    st.rows += ual.rows;
    st.bytes += ual.bytes;
    st.tables.push_back(ual);
    size_t sb = 0, sr = 0;
    const std::string schema = SchemaJson(world);
    WriteFileOrThrow(tmp_dir / "_schema.json", [&](ByteSink& s) { s.Append(schema); return size_t{0}; }, sb, sr);
  } catch (...) {
    fs::remove_all(tmp_dir, ec);
    throw;
  }
  // Swap into place: the old export survives until the new one is complete.
  const fs::path old_dir = root / ".logs.old";
  fs::remove_all(old_dir, ec);
  if (fs::exists(final_dir)) fs::rename(final_dir, old_dir, ec);
  fs::rename(tmp_dir, final_dir, ec);
  if (ec) throw LoadError(out_dir, "", "cannot move the finished export into place (" + ec.message() + ").");
  fs::remove_all(old_dir, ec);
  return st;
}

}  // namespace td::sim
