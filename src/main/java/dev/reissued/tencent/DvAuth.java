package dev.reissued.tencent;

/** One record an operator must publish for DNS or FILE validation ({@code DvAuths[]}). */
public record DvAuth(
    String dvAuthKey,
    String dvAuthValue,
    String dvAuthDomain,
    String dvAuthPath,
    String dvAuthSubDomain,
    String dvAuthVerifyType) {}
