import pytest

from server.settings import SettingsError, load


def test_defaults_then_file_then_environment_then_overrides(tmp_path):
    conf = tmp_path / "x.toml"
    conf.write_text('port = 9000\ntimezone = "Asia/Bangkok"\nasync_mode = "threading"\n')
    env = {"XEPHANG_CONFIG": str(conf), "PORT": "9100", "XEPHANG_TIMEZONE": "UTC"}
    values = load(environ=env, overrides={"timezone": "Asia/Ho_Chi_Minh"})
    assert (values["port"], values["timezone"], values["async_mode"], values["host"]) == (
        9100,
        "Asia/Ho_Chi_Minh",
        "threading",
        "127.0.0.1",
    )


def test_xephang_variable_wins_over_its_alias():
    assert load(environ={"PORT": "1", "XEPHANG_PORT": "2"})["port"] == 2
    assert load(environ={"XEPHANG_DATA": "/srv/q"})["data_dir"] == "/srv/q"


@pytest.mark.parametrize(
    "env,message",
    [
        (
            {"XEPHANG_ASYNC_MODE": "gevent"},
            "setting async_mode (XEPHANG_ASYNC_MODE): 'gevent' is not one of eventlet, threading",
        ),
        ({"PORT": "eighty"}, "setting port (XEPHANG_PORT): invalid literal for int() with base 10: 'eighty'"),
        ({"XEPHANG_DEMO": "maybe"}, "setting demo (XEPHANG_DEMO): not a yes/no value: 'maybe'"),
    ],
)
def test_bad_values_name_the_setting_and_its_variable(env, message):
    with pytest.raises(SettingsError) as info:
        load(environ=env)
    assert str(info.value) == message


def test_unknown_names_in_the_file_are_refused(tmp_path):
    conf = tmp_path / "x.toml"
    conf.write_text("prot = 1\n")
    with pytest.raises(SettingsError, match="unknown settings in .*: prot"):
        load(environ={"XEPHANG_CONFIG": str(conf)})


def test_switching_to_threading_mode_is_a_setting(app, tmp_path):
    from server.app import create_app

    other = create_app({"data_dir": str(tmp_path / "t"), "async_mode": "threading"})
    assert other.extensions["socketio"].async_mode == "threading"
