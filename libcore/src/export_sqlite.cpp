// The SQLite database of `llmops export --format sqlite`. Every value goes through a bound
// parameter of a prepared statement; the only SQL built at run time is fixed text.
#include "export_support.hpp"
#include "llmops/error.hpp"
#include "llmops/export_writers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <map>
#include <optional>
#include <variant>

namespace llmops {

namespace {

// The tables, in the order they are created. `cases_fts` is an external-content FTS5 table over
// `cases` (its rowid is `cases.number`), the layout datasette and sqlite-utils detect.
constexpr const char* k_schema = R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE industries (
  slug TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  description TEXT NOT NULL
);
CREATE TABLE families (
  slug TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  description TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE TABLE tags (
  slug TEXT PRIMARY KEY,
  family TEXT NOT NULL REFERENCES families(slug),
  label TEXT NOT NULL,
  description TEXT NOT NULL,
  deprecated INTEGER NOT NULL,
  replaced_by TEXT REFERENCES tags(slug)
);
CREATE TABLE cases (
  number INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  schema_version INTEGER,
  title TEXT,
  company TEXT,
  industry TEXT REFERENCES industries(slug),
  year INTEGER,
  status TEXT,
  created_at TEXT,
  source_url TEXT,
  sources TEXT NOT NULL,
  summary TEXT,
  notes TEXT,
  not_duplicate_of TEXT NOT NULL
);
CREATE TABLE case_tags (
  case_id TEXT NOT NULL REFERENCES cases(id),
  family TEXT NOT NULL,
  tag TEXT NOT NULL,
  canonical TEXT REFERENCES tags(slug),
  position INTEGER NOT NULL,
  PRIMARY KEY (case_id, family, tag)
);
CREATE INDEX case_tags_by_canonical ON case_tags(canonical, case_id);
CREATE INDEX cases_by_industry ON cases(industry);
CREATE INDEX cases_by_year ON cases(year);
CREATE VIRTUAL TABLE cases_fts USING fts5(title, company, summary, notes, content=[cases], content_rowid=number);
)sql";

using Value = std::variant<std::monostate, long long, std::string>;

class Database
{
public:
  explicit Database(const std::filesystem::path& file) : m_file(file.string())
  {
    if (sqlite3_open_v2(m_file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      std::string message = m_db != nullptr ? sqlite3_errmsg(m_db) : "out of memory";
      sqlite3_close(m_db);
      throw Error(fmt::format("cannot create the SQLite database {}: {}", m_file, message));
    }
  }
  ~Database() { sqlite3_close(m_db); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs fixed SQL text (no data in it).
  void execute(const char* sql)
  {
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errmsg(m_db);
      sqlite3_free(error);
      throw Error(fmt::format("cannot write the SQLite database {}: {}", m_file, message));
    }
  }

  sqlite3* handle() { return m_db; }
  const std::string& file() const { return m_file; }

private:
  std::string m_file;
  sqlite3* m_db = nullptr;
};

// One prepared statement, run once per row with its parameters bound in order.
class Statement
{
public:
  Statement(Database& db, const char* sql) : m_db(db)
  {
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &m_statement, nullptr) != SQLITE_OK) {
      throw Error(fmt::format("cannot write the SQLite database {}: {}", db.file(), sqlite3_errmsg(db.handle())));
    }
  }
  ~Statement() { sqlite3_finalize(m_statement); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds `values` to ?1, ?2, ... and runs the statement; returns false on a constraint violation.
  bool run(const std::vector<Value>& values)
  {
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      if (const auto* number = std::get_if<long long>(&values[i])) {
        sqlite3_bind_int64(m_statement, at, *number);
      } else if (const auto* text = std::get_if<std::string>(&values[i])) {
        sqlite3_bind_text(m_statement, at, text->data(), static_cast<int>(text->size()), SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(m_statement, at);
      }
    }
    const int result = sqlite3_step(m_statement);
    if (result == SQLITE_DONE) {
      return true;
    }
    if (result == SQLITE_CONSTRAINT) {
      return false;
    }
    throw Error(fmt::format("cannot write the SQLite database {}: {}", m_db.file(), sqlite3_errmsg(m_db.handle())));
  }

private:
  Database& m_db;
  sqlite3_stmt* m_statement = nullptr;
};

Value text_value(const Located<std::string>& value)
{
  return value.present ? Value(value.value) : Value();
}

std::string json_list(const std::vector<Located<std::string>>& values)
{
  nlohmann::json list = nlohmann::json::array();
  for (const auto& value : values) {
    list.push_back(value.value);
  }
  return list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The id a case is stored under: its id, or the name of its file when it has none.
std::string case_key(const Case& c)
{
  if (c.id.present && !c.id.value.empty()) {
    return c.id.value;
  }
  return std::filesystem::path(c.path).stem().string();
}

void insert_vocabulary(Database& db, const Vocabulary& vocabulary, int schema_version)
{
  Statement meta(db, "INSERT INTO meta (key, value) VALUES (?1, ?2)");
  meta.run({std::string("schema_version"), std::to_string(schema_version)});
  meta.run({std::string("layout_version"), std::to_string(k_sqlite_export_version)});
  meta.run({std::string("generator"), std::string("llmops export --format sqlite")});
  Statement industry(db, "INSERT INTO industries (slug, label, description) VALUES (?1, ?2, ?3)");
  for (const Industry& i : vocabulary.industries()) {
    industry.run({i.slug, i.label, i.description});
  }
  Statement family(db, "INSERT INTO families (slug, label, description, position) VALUES (?1, ?2, ?3, ?4)");
  for (const Family& f : vocabulary.families()) {
    family.run({f.slug, f.label, f.description, static_cast<long long>(f.order)});
  }
  Statement tag(db, "INSERT INTO tags (slug, family, label, description, deprecated, replaced_by) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const Tag& t : vocabulary.tags()) {
    tag.run({t.slug, t.family, t.label, t.description, static_cast<long long>(t.deprecated ? 1 : 0),
             t.replaced_by.empty() ? Value() : Value(t.replaced_by)});
  }
}

void insert_cases(Database& db, const CaseIndex& index, std::span<const std::size_t> rows, const Vocabulary& vocabulary)
{
  Statement insert_case(db, "INSERT INTO cases (number, id, path, schema_version, title, company, industry, year, "
                            "status, created_at, source_url, sources, summary, notes, not_duplicate_of) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  Statement insert_tag(db, "INSERT OR IGNORE INTO case_tags (case_id, family, tag, canonical, position) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)");
  std::map<std::string, std::string> paths; // id -> path, to name both sides of a clash
  long long number = 0;
  for (std::size_t row : rows) {
    const Case& c = index.at(row);
    const std::string key = case_key(c);
    const bool inserted = insert_case.run(
      {++number, key, c.path, c.schema_version.present ? Value(c.schema_version.value) : Value(), text_value(c.title),
       text_value(c.company), text_value(c.industry), c.year.present ? Value(c.year.value) : Value(),
       text_value(c.status), text_value(c.created_at), text_value(c.source_url), json_list(c.sources),
       text_value(c.summary), text_value(c.notes), json_list(c.not_duplicate_of)});
    if (!inserted) {
      throw Error(fmt::format("export: {} and {} both have the id '{}'; 'llmops lint' reports it, fix it first",
                              paths[key], c.path, key));
    }
    paths[key] = c.path;
    long long position = 0;
    for (const TagRef& tag : c.tags) {
      const TagLookup found = vocabulary.lookup_tag(tag.slug);
      insert_tag.run({key, tag.family, tag.slug,
                      found.canonical.empty() ? Value() : Value(std::string(found.canonical)), position++});
    }
  }
}

} // namespace

void write_sqlite_database(const std::filesystem::path& file, const CaseIndex& index, std::span<const std::size_t> rows,
                           const Vocabulary& vocabulary, int schema_version)
{
  if (sqlite3_compileoption_used("ENABLE_FTS5") == 0) {
    throw Error(fmt::format("export: the SQLite library in use ({}) was built without FTS5, which --format sqlite "
                            "needs for its full-text index; install a build with FTS5 (Debian's libsqlite3-0 has it)",
                            sqlite3_libversion()));
  }
  Database db(file);
  // The file is a temporary until it is renamed into place: no journal, no syncs (the caller
  // syncs the finished file). The same statements in the same order give the same bytes.
  db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;");
  db.execute("BEGIN");
  db.execute(k_schema);
  insert_vocabulary(db, vocabulary, schema_version);
  insert_cases(db, index, rows, vocabulary);
  db.execute("INSERT INTO cases_fts (cases_fts) VALUES ('rebuild')");
  // user_version tells a reader which case format the rows follow; the table layout is in meta.
  db.execute(fmt::format("PRAGMA user_version = {}", schema_version).c_str());
  db.execute("COMMIT");
  db.execute("INSERT INTO cases_fts (cases_fts) VALUES ('optimize')");
  db.execute("VACUUM");
}

} // namespace llmops
