/** The `ingang` command's usage text; kept apart so that printing it loads nothing else. */

const dmnUsage = `  dmn evaluate <model.dmn> --decision <name or id> [--input '<json>']
                                            evaluate a decision and print the result as JSON
  dmn test <model.dmn> <tests.xml>          run a DMN TCK test file against a model
  dmn validate <model.dmn>                  check a model as an upload would (row and column named)`;

export const usage = `Usage: ingang <command>
  migrate                                   bring the database schema up to date
  seed                                      load the demo municipalities and e-services
  import-service <tenant> <file.json> [--publish-from YYYY-MM-DD]
                                            validate a definition and save it as the service's draft,
                                            optionally publishing it from a date
  versions <tenant> <service>               list a service's versions
  sweep-files                               remove stored files that no row names (older than a day)
  dispose                                   run retention and disposal once now (docs/privacy.md)
  backup <dir>                              back up the database and the stored files into a new
                                            directory (docs/backup.md)
  restore <dir>                             restore a backup into an empty database and DATA_DIR
  verify-backup <dir>                       check every checksum of a backup
  keys status                               rows per data key, and how many are not on the current one
  keys reseal                               seal every row again under the current data key now
  validate-service <file.json>              check a definition without saving it (no database)
${dmnUsage}
  kb evaluate <file.jsonl>                  rank each SweFAQ-format question's candidate answers and
                                            print the accuracy last (no database)`;
