package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Render quality: low is 480p at 15 fps, medium 720p at 30 fps, high 1080p at 60 fps. */
public enum Quality {
  @JsonProperty("low")
  LOW(854, 480, 15),
  @JsonProperty("medium")
  MEDIUM(1280, 720, 30),
  @JsonProperty("high")
  HIGH(1920, 1080, 60);

  private final int width;
  private final int height;
  private final int fps;

  Quality(int width, int height, int fps) {
    this.width = width;
    this.height = height;
    this.fps = fps;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int fps() {
    return fps;
  }

  /** The name the render workload takes on its command line. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
