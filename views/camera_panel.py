"""The live camera with a framing guide: flet-camera, a take_picture loop on web, the image stream
where the platform has one. Decoding and checking happen in AppState, off the UI loop."""

from __future__ import annotations

import asyncio

import flet as ft
import flet_camera as fc

from app.i18n import t
from app.model import RawFrame
from app.state.app_state import AppState, CameraStatus
from views.common import tid
from views.theme import CAMERA_ERROR_BG, FRAME, INK, ON_DARK, PAD, PAPER, TOUCH

_DENIED_HINTS = ("notallowed", "permission", "denied", "securityerror")
_MISSING_HINTS = ("notfound", "no camera", "devicesnotfound", "overconstrained")


def classify_camera_error(exc: BaseException) -> CameraStatus:
    """Which message an initialisation error deserves: permission refused, no camera, or other."""
    text = f"{type(exc).__name__} {exc}".lower().replace(" ", "")
    if any(h.replace(" ", "") in text for h in _DENIED_HINTS):
        return CameraStatus.DENIED
    if any(h.replace(" ", "") in text for h in _MISSING_HINTS):
        return CameraStatus.MISSING
    return CameraStatus.FAILED


def _pick(cameras: list[fc.CameraDescription]) -> fc.CameraDescription:
    # The back camera is the one pointed at a card held by someone else.
    return next((c for c in cameras if c.lens_direction == fc.CameraLensDirection.BACK), cameras[0])


async def start_camera(state: AppState, camera: fc.Camera, page: ft.Page) -> None:
    """Initialise the camera and run the frame loop until the camera is stopped or fails."""
    if not (page.web or page.platform in (ft.PagePlatform.ANDROID, ft.PagePlatform.IOS)):
        state.set_camera(CameraStatus.UNSUPPORTED)
        return
    try:
        cameras = await asyncio.wait_for(camera.get_available_cameras(), timeout=15)
        if not cameras:
            state.set_camera(CameraStatus.MISSING)
            return
        desc = _pick(cameras)
        await asyncio.wait_for(
            camera.initialize(desc, fc.ResolutionPreset.HIGH, enable_audio=False), timeout=20
        )
    except Exception as exc:
        state.set_camera(classify_camera_error(exc), str(exc)[:200])
        return
    # flet-camera on web mirrors the picture of any camera that is not a back camera.
    mirrored = bool(page.web) and desc.lens_direction != fc.CameraLensDirection.BACK
    state.set_camera(CameraStatus.LIVE, mirrored=mirrored)
    state.set_torch(available=not page.web)
    if not page.web and await camera.supports_image_streaming():
        await camera.start_image_stream()
        return  # frames arrive in on_stream_image
    await state.live_scan(camera.take_picture, mirrored=mirrored)


def _guide() -> ft.Control:
    # A card-shaped frame (85.6 x 54 mm) so the user holds the card at a distance the decoder likes;
    # white inside black, visible on light and dark backgrounds. Transparent inside: no fill.
    return ft.Container(
        alignment=ft.Alignment.CENTER,
        content=ft.Container(
            width=288,
            height=185,
            border=ft.Border.all(3, FRAME),
            border_radius=14,
            content=ft.Container(border=ft.Border.all(4, ON_DARK), border_radius=12),
        ),
    )


@ft.component
def CameraPanel(state: AppState) -> ft.Control:
    """Preview + guide while live; a clear message when the camera is missing or refused."""
    page = ft.context.page
    holder = ft.use_memo(lambda: {"camera": None, "task": None, "decoding": False}, [])
    camera = _camera(state, holder)
    start, stop = _lifecycle(state, holder, camera, page)
    ft.use_effect(start, [state.camera])
    ft.on_unmounted(stop)
    ft.on_mounted(lambda: state.start_camera() if state.camera_wanted else None)
    if state.camera in (CameraStatus.STARTING, CameraStatus.LIVE):
        return _preview(state, camera, state.lang)
    if state.camera is CameraStatus.OFF:
        return ft.Container()
    return _camera_message(state.camera, state.lang)


def _camera(state: AppState, holder: dict) -> fc.Camera:
    """The one camera control of this panel (made on the first render, kept in `holder`)."""

    async def on_stream(e: fc.CameraImageEvent) -> None:
        # Frames keep coming while one is decoded: drop them rather than queue them.
        if holder["decoding"]:
            return
        holder["decoding"] = True
        try:
            frame = RawFrame(e.width, e.height, getattr(e.format, "value", None) or e.encoded_format, e.bytes)
            await state.on_frame(frame)
        finally:
            holder["decoding"] = False

    if holder["camera"] is None:
        holder["camera"] = fc.Camera(expand=True, preview_enabled=True, on_stream_image=on_stream)
    return holder["camera"]


def _lifecycle(state: AppState, holder: dict, camera: fc.Camera, page: ft.Page):
    """Start the camera when the state asks for it; stop it when the panel goes away."""

    def start():
        if state.camera is CameraStatus.STARTING and holder["task"] is None:
            task = asyncio.ensure_future(start_camera(state, camera, page))
            holder["task"] = task
            task.add_done_callback(lambda _t: holder.update(task=None))

    def stop():
        task = holder["task"]
        if task is not None:
            task.cancel()
        if state.camera in (CameraStatus.LIVE, CameraStatus.STARTING):
            state.set_camera(CameraStatus.OFF)

    return start, stop


def _preview(state: AppState, camera: fc.Camera, lang: str) -> ft.Control:
    overlay = [_guide()]
    if state.camera is CameraStatus.LIVE and state.torch_available:
        overlay.append(_torch_button(state, camera, lang))
    if state.camera is CameraStatus.STARTING:
        overlay.append(
            ft.Container(
                alignment=ft.Alignment.CENTER,
                content=ft.Text(t("ui.camera.starting", lang), color=ON_DARK, size=18),
            )
        )
    # Show the card the right way round: a mirrored preview makes its text unreadable.
    # The preview is left as the platform draws it (a front camera mirrored, like a mirror):
    # changing the camera's parent or transform after it starts disposes its controller here.
    # Frames are flipped back before decoding (state.camera_mirrored), and none is shown or kept.
    return ft.Container(
        height=260,
        bgcolor=FRAME,
        content=ft.Stack([camera, *overlay], expand=True),
    )


def _torch_button(state: AppState, camera: fc.Camera, lang: str) -> ft.Control:
    async def toggle_torch(_e=None) -> None:
        on = not state.torch_on
        try:
            await camera.set_flash_mode(fc.FlashMode.TORCH if on else fc.FlashMode.OFF)
        except Exception:  # no torch after all (some tablets): hide the button
            state.set_torch(available=False)
            return
        state.set_torch(available=True, on=on)

    return ft.Container(
        alignment=ft.Alignment.BOTTOM_RIGHT,
        padding=8,
        content=tid(
            "torch-button",
            ft.IconButton(
                ft.Icons.FLASHLIGHT_OFF if state.torch_on else ft.Icons.FLASHLIGHT_ON,
                icon_color=FRAME,
                bgcolor=PAPER,
                icon_size=28,
                width=TOUCH,
                height=TOUCH,
                tooltip=t("ui.scan.torch_off" if state.torch_on else "ui.scan.torch_on", lang),
                on_click=toggle_torch,
            ),
        ),
    )


_CAMERA_MESSAGES = {
    CameraStatus.MISSING: "ui.camera.missing",
    CameraStatus.DENIED: "ui.camera.denied",
    CameraStatus.UNSUPPORTED: "ui.camera.unsupported",
    CameraStatus.FAILED: "ui.camera.failed",
}


def _camera_message(status: CameraStatus, lang: str) -> ft.Control:
    """Why there is no camera picture (missing, refused, unsupported here, failed)."""
    return ft.Semantics(
        identifier="camera-message",
        content=ft.Container(
            bgcolor=CAMERA_ERROR_BG,
            padding=PAD,
            border_radius=8,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.NO_PHOTOGRAPHY, color=INK, size=28),
                    ft.Text(t(_CAMERA_MESSAGES[status], lang), size=17, color=INK, expand=True),
                ]
            ),
        ),
    )
