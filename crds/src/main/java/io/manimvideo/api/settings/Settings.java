package io.manimvideo.api.settings;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings a class declares as constants ({@link Setting}s and {@link SettingGroup}s), in declaration order
 * (for the reference and the chart test).
 */
public final class Settings {
    private Settings() {}

    public static List<Setting<?>> declaredIn(Class<?> holder) {
        List<Setting<?>> settings = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers) || !Modifier.isPublic(modifiers)) {
                continue;
            }
            Object value;
            try {
                value = field.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (value instanceof Setting<?> setting) {
                settings.add(setting);
            } else if (value instanceof SettingGroup group) {
                settings.addAll(group.settings());
            }
        }
        return List.copyOf(settings);
    }
}
