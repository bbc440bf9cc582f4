// Whether this Node runs on glibc: where the daemon's C-heap trim (native/malloc-trim) can work at all.
export const onGlibc = process.platform === 'linux'
  && (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime !== undefined;
