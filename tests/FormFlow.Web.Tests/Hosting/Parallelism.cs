// Two fixtures at once, each with its own host and database and its own browser context: a browser test spends much
// of its time waiting for the page, the host or the database, so a second fixture fills a two-core machine's idle
// time. Tests within a fixture still run one after the other (they share the fixture's host and its data).
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
