package dev.reissued.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
final class CertificateArchive {
  private CertificateArchive() {}

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

  private static void put(ZipOutputStream zip, String path, String content) throws IOException {
    if (content == null) {
      return;
    }
    zip.putNextEntry(new ZipEntry(path));
    zip.write(content.getBytes(StandardCharsets.US_ASCII));
    zip.closeEntry();
  }
}
