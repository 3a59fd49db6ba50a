package dev.reissued.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The ZIP DownloadCertificate returns, in Tencent's layout: a folder per server type named {@code
 * <domain>_<type>}, a wildcard's {@code *} written as {@code _}.
 *
 * <pre>
 * d_nginx/d_bundle.crt   leaf + intermediate      d_apache/root_bundle.crt  intermediate
 * d_nginx/d_bundle.pem   same                     d_apache/2_d.crt          leaf
 * d_nginx/d.key          key, when shipped        d_apache/3_d.key          key, when shipped
 * d_nginx/d.csr          CSR, when known          d_other/d.pem, d_other/d.key
 * </pre>
 */
final class DownloadArchive {
  private DownloadArchive() {}

  static byte[] zip(
      String domain, String leafPem, String intermediatePem, String keyPem, String csrPem) {
    String name = domain.replace('*', '_');
    String bundle = leafPem + intermediatePem;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      put(zip, name + "_nginx/" + name + "_bundle.crt", bundle);
      put(zip, name + "_nginx/" + name + "_bundle.pem", bundle);
      put(zip, name + "_nginx/" + name + ".key", keyPem);
      put(zip, name + "_nginx/" + name + ".csr", csrPem);
      put(zip, name + "_apache/root_bundle.crt", intermediatePem);
      put(zip, name + "_apache/2_" + name + ".crt", leafPem);
      put(zip, name + "_apache/3_" + name + ".key", keyPem);
      put(zip, name + "_other/" + name + ".pem", bundle);
      put(zip, name + "_other/" + name + ".key", keyPem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** An archive of the given fault for {@code domain}, in Tencent's folder naming. */
  static byte[] hostile(ArchiveFault fault, String domain) {
    String name = domain.replace('*', '_');
    String begin = "-----BEGIN CERTIFICATE-----\n";
    byte[] content =
        switch (fault) {
          case UNCLOSED_PEM -> ascii(begin.repeat(1024 * 1024 / begin.length()));
          case DEEP_ASN1 -> ascii(begin + deeplyNested(100_000) + "\n-----END CERTIFICATE-----\n");
          case OVERSIZED -> random(12 * 1024 * 1024);
          case NONE -> throw new IllegalArgumentException("no fault to build an archive for");
        };
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name + "_nginx/" + name + "_bundle.crt"));
      zip.write(content);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Bytes that do not compress, so the archive is as large as they are. */
  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  /** Base64 of {@code depth} nested indefinite-length SEQUENCEs, each closed by end-of-contents. */
  private static String deeplyNested(int depth) {
    byte[] der = new byte[depth * 4];
    for (int level = 0; level < depth; level++) {
      der[2 * level] = 0x30;
      der[2 * level + 1] = (byte) 0x80;
    }
    return Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
  }

  private static void put(ZipOutputStream zip, String path, String content) throws IOException {
    if (content == null) {
      return;
    }
    zip.putNextEntry(new ZipEntry(path));
    zip.write(content.getBytes(StandardCharsets.US_ASCII));
    zip.closeEntry();
  }
}
