package io.bastion.user.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The media type of an uploaded file, from its content (magic bytes) only, never from the client's Content-Type or
 * file name: PDF, PNG, JPEG, GIF, WebP, plain text (valid UTF-8, no NUL, not markup), OOXML (a zip with
 * {@code [Content_Types].xml} and a word/, xl/ or ppt/ part) and ODF (a zip whose first entry is {@code mimetype},
 * stored, naming an OpenDocument type). Anything else is empty: refused. Blocking (reads the file's zip directory).
 */
final class EvidenceType {

  static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  static final String ODF_PREFIX = "application/vnd.oasis.opendocument.";
  /** Text a browser would sniff as markup (HTML, SVG, XML) is not plain text. */
  private static final Pattern MARKUP = Pattern.compile(
      "<(?:!doctype|html|head|body|script|iframe|svg|\\?xml|object|embed|style|meta|a\\s|img|div|!--)");

  private EvidenceType() {
  }

  /** The type of {@code content} (the file's bytes; {@code file} the same bytes on disk, for a zip's directory). */
  static Optional<String> detect(byte[] content, Path file) {
    if (content.length == 0) {
      return Optional.empty();
    }
    if (starts(content, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("application/pdf");
    }
    if (starts(content, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
      return Optional.of("image/png");
    }
    if (starts(content, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
      return Optional.of("image/jpeg");
    }
    if (starts(content, "GIF87a".getBytes(StandardCharsets.US_ASCII))
        || starts(content, "GIF89a".getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("image/gif");
    }
    if (content.length >= 12 && starts(content, "RIFF".getBytes(StandardCharsets.US_ASCII))
        && new String(content, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
      return Optional.of("image/webp");
    }
    if (starts(content, new byte[] {'P', 'K', 3, 4})) {
      return odf(content).or(() -> ooxml(file));
    }
    return text(content);
  }

  /** ODF: the first entry is "mimetype", stored (method 0), its content the document's type. */
  private static Optional<String> odf(byte[] c) {
    if (c.length < 38 || u16(c, 8) != 0 || u16(c, 26) != 8
        || !new String(c, 30, 8, StandardCharsets.US_ASCII).equals("mimetype")) {
      return Optional.empty();
    }
    int size = (int) Math.min(u32(c, 18), 100);
    int start = 38 + u16(c, 28);
    if (start + size > c.length) {
      return Optional.empty();
    }
    String type = new String(c, start, size, StandardCharsets.US_ASCII);
    return type.startsWith(ODF_PREFIX) && type.matches("[a-z0-9.+-/]+") ? Optional.of(type) : Optional.empty();
  }

  /** OOXML: [Content_Types].xml and the main part's folder; read from the zip's central directory, nothing inflated. */
  private static Optional<String> ooxml(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.getEntry("[Content_Types].xml") == null) {
        return Optional.empty();
      }
      boolean word = false;
      boolean xl = false;
      boolean ppt = false;
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        word |= name.startsWith("word/");
        xl |= name.startsWith("xl/");
        ppt |= name.startsWith("ppt/");
      }
      return word ? Optional.of(DOCX) : xl ? Optional.of(XLSX) : ppt ? Optional.of(PPTX) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not a readable zip: not an office document
    }
  }

  private static Optional<String> text(byte[] content) {
    for (byte b : content) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    String head = decoded.substring(0, Math.min(decoded.length(), 1024)).toLowerCase(Locale.ROOT);
    if (head.replace("\ufeff", "").stripLeading().startsWith("<") || MARKUP.matcher(head).find()) {
      return Optional.empty();
    }
    return Optional.of("text/plain");
  }

  private static boolean starts(byte[] content, byte[] magic) {
    if (content.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (content[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] c, int at) {
    return (c[at] & 0xff) | (c[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] c, int at) {
    return u16(c, at) | (long) u16(c, at + 2) << 16;
  }
}
