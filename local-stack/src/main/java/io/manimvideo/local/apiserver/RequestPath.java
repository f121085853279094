package io.manimvideo.local.apiserver;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request target split into path segments and decoded query parameters. */
record RequestPath(String path, List<String> segments, Map<String, String> query) {

  static RequestPath parse(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : target.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(key, value);
      }
    }
    var segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    return new RequestPath(path, segments, query);
  }

  boolean isWatch() {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /** The same target with the given query parameter replaced (or removed when value is null). */
  String withQuery(String key, String value) {
    var copy = new LinkedHashMap<>(query);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    if (copy.isEmpty()) {
      return path;
    }
    var sb = new StringBuilder(path).append('?');
    copy.forEach((k, v) -> sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
    return sb.substring(0, sb.length() - 1);
  }
}
