package io.manimvideo.api.settings;

import java.util.List;

/** Settings declared together because they follow one pattern (the same few for each kind of pod). */
public interface SettingGroup {
    List<Setting<?>> settings();
}
