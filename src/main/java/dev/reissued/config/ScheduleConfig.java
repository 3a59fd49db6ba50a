package dev.reissued.config;

/** Quartz cron expressions for each duty, and whether several daemons share the database. */
public record ScheduleConfig(String sync, String renew, String track, boolean clustered) {}
