// SPDX-License-Identifier: Apache-2.0
// The file sinks (sink.hpp), one .cpp each: devices as JSON Lines, devices as CSV,
// observations as JSON Lines. Each writes into an OutputFile (output_file.hpp: whole
// lines, written at checkpoints) and flushes it at checkpoint() and end().
//
// Metadata goes to a sidecar, `FILE.meta.json` beside each output file (not "-"):
// `{"camaudit_audit": {...AuditRecord...}, "file": ..., "format": ...}`, written when the
// audit begins and rewritten (temporary file, rename) when it ends, with when and how it
// ended. The outputs themselves stay one record per line — a devices file is device lines
// only, a CSV is rows a spreadsheet opens — so nothing that reads them needs to know.
#pragma once

#include <camaudit/pipeline/output_file.hpp>
#include <camaudit/pipeline/sink.hpp>

#include <string>

namespace camaudit::pipeline {

class FileSink : public Sink {
 public:
  // `fresh`: the file was started now (not resumed), so it gets its first lines (a CSV header).
  FileSink(OutputFile& out, std::string format, bool fresh) : m_out(out), m_format(std::move(format)), m_fresh(fresh) {}
  void begin(const AuditRecord& audit) override;
  void checkpoint() override;
  void end(const AuditRecord& audit) override;
  static std::string sidecar(const std::string& path) { return path + ".meta.json"; }
  const std::string& error() const { return m_error; }

 protected:
  virtual void first_lines() {}
  OutputFile& m_out;

 private:
  void write_sidecar(const AuditRecord& audit);
  std::string m_format;
  bool m_fresh;
  std::string m_error;  // the first write error
};

class DevicesJsonlSink final : public FileSink {
 public:
  DevicesJsonlSink(OutputFile& out, bool fresh) : FileSink(out, "camaudit devices (JSON Lines)", fresh) {}
  void host(std::span<const Observation> observations, std::span<const DeviceRecord> devices) override;
};

class CsvSink final : public FileSink {
 public:
  // `bom`: start the file with a UTF-8 byte-order mark (Excel then reads non-ASCII names right).
  CsvSink(OutputFile& out, bool fresh, bool bom) : FileSink(out, "camaudit devices (CSV)", fresh), m_bom(bom) {}
  void host(std::span<const Observation> observations, std::span<const DeviceRecord> devices) override;

 private:
  void first_lines() override;
  bool m_bom;
};

class ObservationsSink final : public FileSink {
 public:
  ObservationsSink(OutputFile& out, bool fresh) : FileSink(out, "camaudit observations (JSON Lines)", fresh) {}
  void host(std::span<const Observation> observations, std::span<const DeviceRecord> devices) override;
};

}  // namespace camaudit::pipeline
