import { createBrowserRouter, Outlet, RouterProvider } from 'react-router-dom'
import { LoginPage } from '../features/auth/login-page'
import { SignupPage } from '../features/auth/signup-page'
import { ConfirmEmailPage } from '../features/auth/confirm-email-page'
import { ForgotPasswordPage } from '../features/auth/forgot-password-page'
import { ResetPasswordPage } from '../features/auth/reset-password-page'
import { BoardPage } from '../features/boards/board-page'
import { BusinessPage } from '../features/business/business-page'
import { HomePage } from '../features/feed/home-page'
import { InvitePage } from '../features/invites/invite-page'
import { MessagesPage } from '../features/messages/messages-page'
import { UnsubscribePage } from '../features/notifications/unsubscribe-page'
import { PinBuilderPage } from '../features/pins/pin-builder-page'
import { PinPage } from '../features/pins/pin-page'
import { ProfileBoards, ProfilePage, ProfilePins } from '../features/profile/profile-page'
import { SearchPage } from '../features/search/search-page'
import { SettingsPage } from '../features/settings/settings-page'
import { ToastProvider } from '../ui/toast'
import { NotFoundPage } from './not-found-page'
import { OnboardingGate } from '../features/onboarding/onboarding-gate'
import { RequireAuth } from './require-auth'
import { SessionProvider } from './session'
import { Shell } from './shell'

function Root() {
  return (
    <ToastProvider>
      <Outlet />
    </ToastProvider>
  )
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignupPage /> },
      // Account recovery: the links of its emails carry their token in the fragment.
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/confirm-email', element: <ConfirmEmailPage /> },
      // An invite's link: for people who have no account yet (signed-in members may accept it).
      { path: '/invite/:token', element: <InvitePage /> },
      // The foot of a notification email: works without logging in.
      { path: '/unsubscribe/:token', element: <UnsubscribePage /> },
      // First sign-in (topics, people and boards to follow): full screen, signed in only.
      {
        element: <RequireAuth />,
        children: [
          {
            path: '/onboarding',
            lazy: async () => ({
              Component: (await import('../features/onboarding/onboarding-page')).OnboardingPage,
            }),
          },
        ],
      },
      {
        element: <Shell />,
        children: [
          {
            element: <RequireAuth />,
            children: [
              // a new account is led to first sign-in before its home feed
              {
                element: <OnboardingGate />,
                children: [{ index: true, element: <HomePage /> }],
              },
              { path: 'search', element: <SearchPage /> },
              { path: 'pin-builder', element: <PinBuilderPage /> },
              { path: 'settings/*', element: <SettingsPage /> },
              { path: 'messages', element: <MessagesPage /> },
              { path: 'messages/:conversationId', element: <MessagesPage /> },
              { path: 'business/*', element: <BusinessPage /> },
            ],
          },
          // Pins, boards and profiles are public: a shared link works for anyone.
          { path: 'pin/:pinId', element: <PinPage /> },
          { path: 'board/:boardId', element: <BoardPage /> },
          { path: 'board/:boardId/section/:sectionId', element: <BoardPage /> },
          {
            path: 'u/:username',
            element: <ProfilePage />,
            children: [
              { index: true, element: <ProfilePins /> },
              { path: 'boards', element: <ProfileBoards /> },
            ],
          },
          { path: ':username/:boardId', element: <BoardPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
])

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  )
}
