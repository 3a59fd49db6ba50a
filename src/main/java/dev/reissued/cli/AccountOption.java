package dev.reissued.cli;

import picocli.CommandLine.Option;

/** The {@code --account} option of the commands that work account by account. */
final class AccountOption {
  @Option(names = "--account", paramLabel = "NAME", description = "only this account")
  String name;
}
