"""Serve the contest: choose the async mode, monkey-patch first, then listen."""
from contest import asyncmode

asyncmode.patch()

from contest import create_app, realtime  # noqa: E402

app = create_app()

if __name__ == "__main__":
    host, port = app.config["HOST"], app.config["PORT"]
    print(f"Máy chủ cuộc thi / contest server: http://{host}:{port}/ ({asyncmode.current_mode()})",
          flush=True)
    realtime.start_background(app)
    asyncmode.serve(app, host, port)
