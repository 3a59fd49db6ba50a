package dev.reissued.tencent;

/**
 * A request slot of the account's rate limit, taken before the call starts ({@link
 * TencentClient#awaitTurn()}): the request is written at {@code slotNanos} ({@link
 * System#nanoTime()}), or as soon after as connecting allows.
 */
public record Turn(long slotNanos) {}
